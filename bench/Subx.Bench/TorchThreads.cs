using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Why one thread drives torch (ARCHITECTURE, "One thread drives torch"): TorchSharp 0.107 turns the
/// number in <c>t * 0.5</c> into a Scalar it never disposes, so once the native call has the Scalar's
/// handle the Scalar is garbage. A collection that another thread starts while the call runs lets the
/// finalizer free it under libtorch. This multiplies a small tensor by 0.5 in a loop beside a thread
/// that allocates and collects (and three that only spin, as a busy machine would), first with a Scalar
/// this code holds and disposes, then with the implicit one, and prints how far each got.
/// </summary>
static class TorchThreads
{
    public static void Run(double seconds)
    {
        Console.WriteLine($"Each row: `x * 0.5` on a 4-element tensor for up to {seconds:0} s beside a thread that allocates 64 KiB and calls GC.Collect in a loop, and three spinning threads.\n");
        Console.WriteLine("| the 0.5 | multiplications | seconds | outcome |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (bool held in new[] { true, false })
        {
            var (count, elapsed, error) = Race(held, seconds);
            Console.WriteLine($"| {(held ? "a Scalar held and disposed" : "implicit (`x * 0.5`)")} | {count:N0} | {elapsed:0.0} | {error ?? "no failure"} |");
        }
    }

    private static (long Count, double Seconds, string? Error) Race(bool held, double seconds)
    {
        bool stop = false;
        var threads = new List<Thread> { new(() => { while (!Volatile.Read(ref stop)) { GC.KeepAlive(new byte[1 << 16]); GC.Collect(); } }) };
        for (int k = 0; k < 3; k++) threads.Add(new Thread(() => { long spins = 0; while (!Volatile.Read(ref stop)) spins++; }));
        threads.ForEach(t => t.Start());
        using var x = randn(4);
        long count = 0;
        string? error = null;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 1000; i++, count++)
                {
                    if (held) { using var half = 0.5.ToScalar(); using var y = x.mul(half); }
                    else { using var y = x * 0.5; }
                }
            }
        }
        catch (Exception e) { error = e.Message.Split('\n')[0].Trim(); }
        Volatile.Write(ref stop, true);
        threads.ForEach(t => t.Join());
        return (count, clock.Elapsed.TotalSeconds, error);
    }
}
