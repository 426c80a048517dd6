using System.Diagnostics;
using Subx.Extractors.Policy;
using Subx.Observation;
using static TorchSharp.torch;

/// <summary>
/// SE forward memory against host size at a fixed chunk size. Each size runs in a fresh process
/// (so peaks do not mix); the process makes random tokens for U units, resets the kernel's
/// high-water mark (/proc/self/clear_refs), runs one forward pass without gradients, and reports
/// how far resident memory rose above where it stood before the pass. The tokens themselves
/// (U × features floats) are the input, not the forward's memory, and are allocated before the reset;
/// the output ([U] logits) is included.
/// </summary>
static class SeMemory
{
    public static void Run(int[] args)
    {
        int chunk = args.Length > 0 ? args[0] : 4096;
        var sizes = args.Length > 1 ? args[1..] : [10_000, 100_000, 1_000_000];
        Console.WriteLine($"| units | forward peak above baseline (MiB) | ratio to the smallest | seconds |\n|---:|---:|---:|---:|");
        double first = 0;
        foreach (int units in sizes)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!, [.. Environment.GetCommandLineArgs().Take(1).Where(a => a.EndsWith(".dll")), "se-memory-one", units.ToString(), chunk.ToString()])
            { RedirectStandardOutput = true };
            // glibc raises its mmap threshold after large frees and then keeps freed chunk buffers
            // resident, which shows as RSS growth that is allocator retention, not memory in use.
            psi.Environment["MALLOC_MMAP_THRESHOLD_"] = "65536";
            // .NET's first GC generation may grow to tens of MiB of garbage (the wrappers of every
            // chunk's tensors) before it is collected: a small budget shows the memory in use instead.
            psi.Environment["DOTNET_GCgen0size"] = "0x100000";
            using var p = Process.Start(psi)!;
            var line = p.StandardOutput.ReadToEnd().Trim().Split('\n')[^1].Split(' ');
            p.WaitForExit();
            double mib = double.Parse(line[0]), secs = double.Parse(line[1]);
            if (first == 0) first = mib;
            Console.WriteLine($"| {units:N0} | {mib:F1} | {mib / first:F2}× | {secs:F1} |");
        }
        Console.WriteLine($"\nchunk size {chunk}, policy width {new PolicyConfig().Width}, {new PolicyConfig().Latents} latents.");
    }

    public static void One(int units, int chunk)
    {
        int features = new ObservationBuilder(null!).FeatureCount;
        var policy = new PerceiverPolicy(features, new PolicyConfig { ChunkSize = chunk });
        var obs = new UnitObservation(randn(units, features), zeros(new long[] { units }, ScalarType.Int64), zeros(new long[] { units }, ScalarType.Int64));
        // The inputs are made resident before the reset (a fresh zero tensor's pages may be mapped only
        // when first read): they are the forward's input, not its memory.
        obs.Tokens.add_(0); obs.Layers.add_(1).sub_(1); obs.Kinds.add_(1).sub_(1);
        // Warm the runtime up first: .NET's tiered JIT recompiles the hot chunk loop after a few dozen
        // iterations, a one-time ~9 MiB of code and compiler memory that appeared as growth with U
        // (measured: gone with DOTNET_TieredCompilation=0). A forward over 100 small chunks triggers
        // it, and the pause lets the background compilation finish before the measurement.
        using (no_grad())
        using (NewDisposeScope())
        {
            var small = new UnitObservation(randn(6400, features), zeros(new long[] { 6400 }, ScalarType.Int64), zeros(new long[] { 6400 }, ScalarType.Int64));
            policy.Logits(small, 64).sum().item<float>();
        }
        Thread.Sleep(1000);
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5"); // reset VmHWM to the current RSS
        long before = Status("VmRSS");
        var sw = Stopwatch.StartNew();
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            var logits = policy.Logits(obs);
            logits.sum().item<float>();
        }
        long peak = Status("VmHWM");
        Console.WriteLine($"{(peak - before) / 1024.0:F3} {sw.Elapsed.TotalSeconds:F2}");
    }

    private static long Status(string key) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
