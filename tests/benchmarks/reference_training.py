#!/usr/bin/python3
"""Train InitLab's default preset with NumPy, with PyTorch on the CPU and with initlab-cli.

The workload is the default preset (resources/presets/default.json) in float64: a sine dataset of
200 samples, x on an evenly spaced grid on [-pi, pi] and target sin(x) without noise, a 1-4-1
network with tanh hidden units and a linear output, Xavier-uniform weights, zero biases, loss
MSE = mean over samples of (output - target)^2, and full-batch SGD at learning rate 0.1 without
momentum. All three start from the same initial weights, which initlab-cli writes with --weights.

Two checks show that the workloads are the same. After --check-iterations updates (1,000, before
the preset's spikes near update 1,900) the three MSE must agree to --check-tolerance. Later the
runs part: full-batch SGD at this learning rate sits at the edge of stability, where rounding
differences of 1e-16 grow until the spikes fall on other updates. So after the timed runs the
final MSE need only be comparable, within --final-tolerance of InitLab's.

Each implementation runs --repeats times after one warm-up run. The median of the updates per
second is printed, with InitLab's speed as a ratio to each. PyTorch runs with 1 thread, with its
default thread count and with one thread per core (os.cpu_count()), each count once.

Run with Debian's interpreter, which has python3-numpy and python3-torch:
    /usr/bin/python3 tests/benchmarks/reference_training.py --cli build/release/app/initlab-cli
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

SAMPLES = 200
LEARNING_RATE = 0.1


def import_or_exit(module, package):
    try:
        return __import__(module)
    except ImportError:
        sys.exit(f"reference_training.py: the Python module '{module}' is missing for "
                 f"{sys.executable}; install the Debian package {package} "
                 f"(apt-get install {package}) and run the script with /usr/bin/python3")


def sine_dataset(np):
    """Return x and y as (samples x 1) float64 arrays, as core/datagenerators.cpp builds them."""
    x = np.array([-math.pi + (2.0 * math.pi) * i / (SAMPLES - 1) for i in range(SAMPLES)])
    x[-1] = math.pi
    return x.reshape(SAMPLES, 1), np.sin(x).reshape(SAMPLES, 1)


def run_initlab(cli, iterations, weights_path=None):
    """Train the default preset with initlab-cli and return (updates per second, final MSE)."""
    command = [cli, "train", "--preset", "default", "--set", f"training.iterations={iterations}"]
    if weights_path:
        command += ["--weights", weights_path]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"reference_training.py: '{' '.join(command)}' failed with exit code "
                 f"{result.returncode}: {result.stderr.strip()}")
    # The summary line reads "...: N iterations in S s (R iterations/s), final MSE M, ...".
    for line in result.stdout.splitlines():
        if " iterations in " in line and "final MSE" in line:
            done = int(line.split(" iterations in ")[0].split()[-1])
            seconds = float(line.split(" iterations in ")[1].split(" s ")[0])
            mse = float(line.split("final MSE ")[1].split(",")[0])
            # A run too short for the printed 3 decimals shows 0.000 s.
            return (done / seconds if seconds > 0 else math.inf), mse
    sys.exit(f"reference_training.py: no summary line in the output of '{' '.join(command)}':\n"
             f"{result.stdout}")


def load_initial_weights(path):
    """Return [(W1, b1), (W2, b2)] as nested lists, each W (units x inputs)."""
    with open(path, encoding="utf-8") as file:
        layers = json.load(file)["initial"]["layers"]
    return [(layer["weights"], layer["bias"]) for layer in layers]


def train_numpy(np, weights, iterations):
    """Train with full-batch SGD in NumPy, samples as rows, and return (updates/s, final MSE)."""
    x, y = sine_dataset(np)
    w1 = np.array(weights[0][0], dtype=np.float64)  # (4 x 1)
    b1 = np.array(weights[0][1], dtype=np.float64)  # (4)
    w2 = np.array(weights[1][0], dtype=np.float64)  # (1 x 4)
    b2 = np.array(weights[1][1], dtype=np.float64)  # (1)
    m = x.shape[0]

    start = time.perf_counter()
    for _ in range(iterations):
        hidden = np.tanh(x @ w1.T + b1)  # (samples x 4)
        output = hidden @ w2.T + b2  # (samples x 1)
        # dMSE/doutput = 2 (output - y) / m, then the chain rule through tanh' = 1 - a^2.
        d_output = (2.0 / m) * (output - y)
        d_hidden = (d_output @ w2) * (1.0 - hidden * hidden)
        w2 -= LEARNING_RATE * (d_output.T @ hidden)
        b2 -= LEARNING_RATE * d_output.sum(axis=0)
        w1 -= LEARNING_RATE * (d_hidden.T @ x)
        b1 -= LEARNING_RATE * d_hidden.sum(axis=0)
    seconds = time.perf_counter() - start

    output = np.tanh(x @ w1.T + b1) @ w2.T + b2
    return iterations / seconds, float(np.mean((output - y) ** 2))


def train_torch(np, torch, weights, iterations, threads):
    """Train with torch.nn, autograd and torch.optim.SGD in float64 on the CPU, as train_numpy."""
    torch.set_num_threads(threads)
    x_np, y_np = sine_dataset(np)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np)
    model = torch.nn.Sequential(torch.nn.Linear(1, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    model = model.double()
    with torch.no_grad():
        for linear, (w, b) in zip((model[0], model[2]), weights):
            linear.weight.copy_(torch.tensor(w, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(b, dtype=torch.float64))
    loss_function = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    start = time.perf_counter()
    for _ in range(iterations):
        optimizer.zero_grad()
        loss = loss_function(model(x), y)
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        mse = float(loss_function(model(x), y))
    return iterations / seconds, mse


def median_of_runs(train, repeats):
    """Run train() once to warm up, then repeats times, and return (median rate, rates, MSE)."""
    train()
    rates = []
    mse = math.nan
    for _ in range(repeats):
        rate, mse = train()
        rates.append(rate)
    return statistics.median(rates), rates, mse


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cli", default="build/release/app/initlab-cli",
                        help="path of initlab-cli (default: %(default)s)")
    parser.add_argument("--iterations", type=int, default=10000,
                        help="updates per timed run (default: %(default)s, the preset's own)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed runs per implementation, after one warm-up (default: "
                             "%(default)s)")
    parser.add_argument("--check-iterations", type=int, default=1000,
                        help="updates of the run whose MSE must agree (default: %(default)s)")
    parser.add_argument("--check-tolerance", type=float, default=1e-4,
                        help="largest accepted relative difference of that MSE to InitLab's, "
                             "which initlab-cli prints to 6 significant digits "
                             "(default: %(default)s)")
    parser.add_argument("--final-tolerance", type=float, default=0.5,
                        help="largest accepted relative difference of the final MSE of the timed "
                             "runs to InitLab's (default: %(default)s)")
    args = parser.parse_args()
    if min(args.iterations, args.repeats, args.check_iterations) < 1:
        sys.exit(f"reference_training.py: --iterations ({args.iterations}), --repeats "
                 f"({args.repeats}) and --check-iterations ({args.check_iterations}) must be at "
                 f"least 1")
    if not os.access(args.cli, os.X_OK):
        sys.exit(f"reference_training.py: initlab-cli not found or not executable at "
                 f"'{args.cli}'; build it with 'cmake --build build/release --target initlab-cli' "
                 f"or give its path with --cli")

    np = import_or_exit("numpy", "python3-numpy")
    torch = import_or_exit("torch", "python3-torch")
    default_threads = torch.get_num_threads()

    with tempfile.TemporaryDirectory() as folder:
        weights_path = os.path.join(folder, "weights.json")
        run_initlab(args.cli, 1, weights_path)
        weights = load_initial_weights(weights_path)

    thread_counts = sorted({1, default_threads, os.cpu_count() or 1})
    implementations = [
        ("InitLab initlab-cli", lambda n: run_initlab(args.cli, n)),
        ("NumPy", lambda n: train_numpy(np, weights, n)),
    ]
    for threads in thread_counts:
        implementations.append((f"PyTorch CPU, {threads} thread(s)",
                                lambda n, t=threads: train_torch(np, torch, weights, n, t)))

    print(f"NumPy {np.__version__}, PyTorch {torch.__version__} (default thread count "
          f"{default_threads}, {os.cpu_count()} cores), Python {sys.version.split()[0]}")
    failed = False
    print(f"\ncheck: MSE after {args.check_iterations} updates from the same initial weights")
    check_mse = None
    for name, train in implementations:
        _, mse = train(args.check_iterations)
        check_mse = mse if check_mse is None else check_mse
        print(f"{name:<30} {mse:14.8g}")
        if not abs(mse - check_mse) <= args.check_tolerance * abs(check_mse):
            failed = True
            print(f"reference_training.py: {name} reached an MSE of {mse:.10g} after "
                  f"{args.check_iterations} updates, InitLab {check_mse:.10g}. They differ by "
                  f"more than the relative tolerance {args.check_tolerance:g}, so the workloads "
                  f"are not the same", file=sys.stderr)

    print(f"\ndefault preset, float64, {args.iterations} updates per run, median of "
          f"{args.repeats} runs after one warm-up")
    print(f"{'implementation':<30} {'median upd/s':>13} {'min':>10} {'max':>10} "
          f"{'InitLab x':>10} {'final MSE':>14}")
    initlab_rate = None
    initlab_mse = None
    for name, train in implementations:
        rate, rates, mse = median_of_runs(lambda: train(args.iterations), args.repeats)
        if initlab_rate is None:
            initlab_rate, initlab_mse = rate, mse
        print(f"{name:<30} {rate:13.0f} {min(rates):10.0f} {max(rates):10.0f} "
              f"{initlab_rate / rate:10.2f} {mse:14.8g}")
        if not abs(mse - initlab_mse) <= args.final_tolerance * abs(initlab_mse):
            failed = True
            print(f"reference_training.py: {name} reached a final MSE of {mse:.10g}, InitLab "
                  f"{initlab_mse:.10g}. They differ by more than the relative tolerance "
                  f"{args.final_tolerance:g}", file=sys.stderr)
    print("(InitLab x: InitLab's median updates per second divided by this implementation's)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
