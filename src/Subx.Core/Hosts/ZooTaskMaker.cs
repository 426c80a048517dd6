using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>
/// The label rules a zoo plants. Each task reads a random subset of the inputs:
/// `linear` is the sign of a random projection; `mlp` the sign (at its median) of a small random
/// tanh teacher; `parity` the product of the signs of <see cref="ZooConfig.ParityOrder"/> random
/// projections of disjoint parts of the subset, so no single input correlates with the label.
/// </summary>
internal static class ZooTaskMaker
{
    /// <summary>Labels (0/1) for inputs x [n, inputs] under a task kind, drawn from the generator.</summary>
    public static long[] Labels(string kind, Tensor x, ZooConfig config, Random rng, Generator gen)
    {
        using var scope = NewDisposeScope();
        int[] subset = Enumerable.Range(0, config.Inputs).OrderBy(_ => rng.Next()).Take(config.Subset).ToArray();
        var xs = x.index_select(1, tensor(subset.Select(i => (long)i).ToArray())); // [n, subset]
        Tensor positive;
        switch (kind)
        {
            case "linear":
            {
                var w = randn(new long[] { config.Subset }, generator: gen);
                positive = xs.matmul(w) > Held.Zero;
                break;
            }
            case "mlp":
            {
                var a = randn(new long[] { config.Subset, config.TeacherWidth }, generator: gen).DividedBy(Math.Sqrt(config.Subset)).Times(2.0);
                var c = randn(new long[] { config.TeacherWidth }, generator: gen).Times(0.5);
                var v = randn(new long[] { config.TeacherWidth }, generator: gen);
                var z = tanh(xs.matmul(a).Plus(c)).matmul(v); // [n]
                positive = z > z.median();
                break;
            }
            case "parity":
            {
                // Split the subset into ParityOrder disjoint parts; one projection per part.
                var sign = ones(new long[] { x.shape[0] });
                int per = config.Subset / config.ParityOrder;
                for (int k = 0; k < config.ParityOrder; k++)
                {
                    int from = k * per, count = k == config.ParityOrder - 1 ? config.Subset - from : per;
                    var part = xs.narrow(1, from, count);
                    var w = randn(new long[] { count }, generator: gen);
                    sign = sign * part.matmul(w).sign();
                }
                positive = sign > Held.Zero;
                break;
            }
            default:
                throw new ArgumentException($"unknown task kind '{kind}'");
        }
        return positive.to(ScalarType.Int64).data<long>().ToArray();
    }
}
