namespace Subx;

/// <summary>
/// Derives seeds from seeds. System.Random's first outputs for nearby seeds are correlated, and
/// HashCode is randomised per process, so every derived seed goes through SplitMix64's finaliser.
/// </summary>
public static class Seeds
{
    /// <summary>A well-mixed non-negative seed from a seed and a counter (an iteration, a job, a repeat).</summary>
    public static int Mix(long seed, long counter)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)counter + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z >> 33);
    }
}
