#pragma once

// Test helper shared by the programs that send scripted random requests: a seeded choice of the
// next action, of its arguments and of the pause after it.

#include <QtGlobal>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <random>

class FaultScript
{
public:
    // Seeds the script with defaultSeed, so that a failure is reproducible, unless the environment
    // variable INITLAB_FAULT_SEED gives another seed to try other orders. actionWeights are the
    // relative frequencies of the actions, by index.
    FaultScript(quint64 defaultSeed, std::initializer_list<double> actionWeights)
        : m_actions(actionWeights)
    {
        bool seedGiven = false;
        const quint64 seed = qEnvironmentVariable("INITLAB_FAULT_SEED").toULongLong(&seedGiven);
        m_random.seed(seedGiven ? seed : defaultSeed);
    }

    std::size_t actionCount() const { return m_actions.probabilities().size(); }

    // Returns the index of the next action, drawn with the weights given.
    int nextAction() { return m_actions(m_random); }

    // Returns a number from 0 to count - 1, each as likely.
    int pick(int count) { return std::uniform_int_distribution<int>(0, count - 1)(m_random); }

    // Returns how long the event loop runs before the next action: in two cases out of five not at
    // all, so that requests also reach the other thread back to back.
    int pauseMilliseconds() { return std::array{0, 0, 1, 5, 20}[std::size_t(pick(5))]; }

private:
    std::mt19937_64 m_random;
    std::discrete_distribution<int> m_actions;
};
