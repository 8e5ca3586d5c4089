// Runs stored inputs through a fuzz target's LLVMFuzzerTestOneInput, for builds without libFuzzer.
// Usage: <target>_replay DIRECTORY_OR_FILE...
// Every regular file in each directory (not recursive) is one input, except hidden files and
// README files. Exits with 1 when an argument is missing or no input was found. A failing input
// aborts the program like it aborts a fuzzer, after its path has been printed to stderr.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool isInput(const fs::path &path)
{
    const std::string name = path.filename().string();
    return !name.starts_with('.') && !name.starts_with("README");
}

// Appends the inputs that argument names to inputs, in name order. Returns false when the
// argument does not exist or a directory cannot be listed.
bool collectInputs(const fs::path &argument, std::vector<fs::path> &inputs)
{
    std::error_code error;
    if (fs::is_regular_file(argument, error)) {
        inputs.push_back(argument);
        return true;
    }
    if (!fs::is_directory(argument, error)) {
        std::fprintf(
            stderr, "error: %s is neither a file nor a directory.\n", argument.string().c_str());
        return false;
    }

    std::vector<fs::path> found;
    for (const fs::directory_entry &entry : fs::directory_iterator(argument, error)) {
        if (entry.is_regular_file() && isInput(entry.path()))
            found.push_back(entry.path());
    }
    if (error) {
        std::fprintf(stderr, "error: failed to list %s: %s.\n", argument.string().c_str(),
            error.message().c_str());
        return false;
    }
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
    return true;
}

bool replay(const fs::path &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "error: failed to open %s.\n", path.string().c_str());
        return false;
    }
    const std::vector<char> bytes {
        std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};

    // Printed first, so that the last line before a crash names the input.
    std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.string().c_str(), bytes.size());
    std::fflush(stderr);
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIRECTORY_OR_FILE...\n", argv[0]);
        return 1;
    }

    std::vector<fs::path> inputs;
    bool ok = true;
    for (int i = 1; i < argc; ++i)
        ok = collectInputs(argv[i], inputs) && ok;
    if (inputs.empty()) {
        std::fprintf(stderr, "error: no inputs found in the given paths.\n");
        return 1;
    }

    for (const fs::path &input : inputs)
        ok = replay(input) && ok;
    if (!ok)
        return 1;
    std::printf("replayed %zu inputs without a failure\n", inputs.size());
    return 0;
}
