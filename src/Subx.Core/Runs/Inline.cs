namespace Subx.Runs;

/// <summary>An <see cref="IProgress{T}"/> that reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
public sealed class Inline<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}

/// <summary>Parts of a synchronous progress.</summary>
public static class Inline
{
    /// <summary>A progress of fractions in [0, 1] that moves <paramref name="whole"/> from <paramref name="from"/> to <paramref name="to"/> (null for null).</summary>
    public static IProgress<double>? Part(IProgress<double>? whole, double from, double to) =>
        whole is null ? null : new Inline<double>(f => whole.Report(from + (to - from) * f));
}
