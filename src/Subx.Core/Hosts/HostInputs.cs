using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>
/// Rows of a task after the frozen encoder, as a host and an assister read them: feature vectors
/// X [n, d] (Mask null), or token embeddings X [n, T, d] with an attention mask [n, T] (1 = token).
/// A batch of several models' inputs has one more leading dimension: [B, n, …].
/// </summary>
public sealed record HostInputs(Tensor X, Tensor? Mask)
{
    /// <summary>Number of rows (the first dimension).</summary>
    public long Rows => X.shape[0];

    /// <summary>The rows at the given indices [k].</summary>
    public HostInputs Select(Tensor indices) => new(X.index_select(0, indices), Mask?.index_select(0, indices));

    /// <summary>Rows start … start + count.</summary>
    public HostInputs Narrow(long start, long count) => new(X.narrow(0, start, count), Mask?.narrow(0, start, count));

    /// <summary>Keeps the tensors alive after the current dispose scope ends (for caches).</summary>
    public HostInputs Detach()
    {
        X.DetachFromDisposeScope();
        Mask?.DetachFromDisposeScope();
        return this;
    }

    /// <summary>
    /// Stacks several models' inputs into one batch [B, n, …]: row counts are padded to the largest
    /// (with zero rows) and token lengths to the longest (with masked positions).
    /// </summary>
    public static HostInputs Stack(IReadOnlyList<HostInputs> parts)
    {
        long rows = parts.Max(p => p.Rows);
        if (parts[0].Mask is null)
            return new HostInputs(stack(parts.Select(p => PadDim(p.X, 0, rows)).ToArray()), null);
        long tokens = parts.Max(p => p.X.shape[1]);
        return new HostInputs(
            stack(parts.Select(p => PadDim(PadDim(p.X, 1, tokens), 0, rows)).ToArray()),
            stack(parts.Select(p => PadDim(PadDim(p.Mask!, 1, tokens), 0, rows)).ToArray()));
    }

    /// <summary>Pads dimension <paramref name="dim"/> of x with zeros up to <paramref name="size"/>.</summary>
    private static Tensor PadDim(Tensor x, int dim, long size)
    {
        long have = x.shape[dim];
        if (have == size) return x;
        var shape = (long[])x.shape.Clone();
        shape[dim] = size - have;
        return cat([x, zeros(shape, x.dtype)], dim);
    }
}
