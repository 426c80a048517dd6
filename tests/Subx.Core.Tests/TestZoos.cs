using Subx.Hosts;

namespace Subx.Tests;

/// <summary>Small planted zoos built once per test run and shared: the truth is known, the build takes seconds.</summary>
public static class TestZoos
{
    /// <summary>
    /// Three tasks, one of each kind, 2 hidden layers of 3·8 + 4 units. A small host learns less
    /// (measured: linear 99%, mlp 92%, parity 98%), so its acceptance bars are lower than the default zoo's.
    /// </summary>
    public static readonly ZooConfig SmallConfig = new()
    {
        Seed = 1, Tasks = 3, Kinds = ["linear", "mlp", "parity"], Group = 8, Shared = 4, Inputs = 12, Subset = 4, ParityOrder = 2,
        Samples = 3000, TrainSteps = 1500, MinAccuracy = 0.85, MaxAblatedOtherDrop = 0.1,
    };

    private static readonly Lazy<Zoo> LazySmall = new(() => Zoo.Build(SmallConfig), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The small zoo (built on first use).</summary>
    public static Zoo Small => LazySmall.Value;
}
