using System.Diagnostics;
using Subx.Extractors.Policy;
using Subx.Observation;
using static TorchSharp.torch;

/// <summary>
/// SE forward memory against host size at a fixed chunk size. Each size runs in a fresh process
/// (so peaks do not mix); the process makes random tokens for U units and a [U] output buffer,
/// then, five times: resets the kernel's high-water mark (/proc/self/clear_refs), runs one forward
/// pass without gradients into the buffer, and reports how far resident memory rose above where it
/// stood before the pass. The tokens (U × features floats) are the forward's input and the buffer its
/// output, not its working memory: both are made resident before the first reset. The first pass
/// also counts what the process grows once (the runtime's and the allocator's warm-up); the median
/// of the other four is the forward in steady state.
/// </summary>
static class SeMemory
{
    public static void Run(int[] args)
    {
        int chunk = args.Length > 0 ? args[0] : 4096;
        var sizes = args.Length > 1 ? args[1..] : [10_000, 100_000, 1_000_000];
        const int Passes = 5;
        Console.WriteLine($"| units | first forward: peak above baseline (MiB) | ratio | later forwards, median (MiB) | ratio | seconds (median) |\n|---:|---:|---:|---:|---:|---:|");
        double firstCold = 0, firstWarm = 0;
        foreach (int units in sizes)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!, [.. Environment.GetCommandLineArgs().Take(1).Where(a => a.EndsWith(".dll")), "se-memory-one", units.ToString(), chunk.ToString(), Passes.ToString()])
            { RedirectStandardOutput = true };
            // glibc raises its mmap threshold after large frees and then keeps freed chunk buffers
            // resident, which shows as RSS growth that is allocator retention, not memory in use.
            psi.Environment["MALLOC_MMAP_THRESHOLD_"] = "65536";
            // .NET's first GC generation may grow to tens of MiB of garbage (the wrappers of every
            // chunk's tensors) before it is collected: a small budget shows the memory in use instead.
            psi.Environment["DOTNET_GCgen0size"] = "0x100000";
            using var p = Process.Start(psi)!;
            var lines = p.StandardOutput.ReadToEnd().Trim().Split('\n')[^Passes..].Select(l => l.Split(' ').Select(double.Parse).ToArray()).ToArray();
            p.WaitForExit();
            double cold = lines[0][0], warm = Stats.Median(lines[1..].Select(l => l[0])), secs = Stats.Median(lines[1..].Select(l => l[1]));
            if (firstCold == 0) { firstCold = cold; firstWarm = warm; }
            Console.WriteLine($"| {units:N0} | {cold:F1} | {cold / firstCold:F2}× | {warm:F1} | {warm / firstWarm:F2}× | {secs:F1} |");
        }
        Console.WriteLine($"\nchunk size {chunk}, policy width {new PolicyConfig().Width}, {new PolicyConfig().Latents} latents.");
    }

    public static void One(int units, int chunk, int passes = 1)
    {
        int features = new ObservationBuilder(null!).FeatureCount;
        var policy = new PerceiverPolicy(features, new PolicyConfig { ChunkSize = chunk });
        var obs = new UnitObservation(randn(units, features), zeros(new long[] { units }, ScalarType.Int64), zeros(new long[] { units }, ScalarType.Int64));
        // The inputs are made resident before the reset (a fresh zero tensor's pages may be mapped only
        // when first read): they are the forward's input, not its memory.
        obs.Tokens.add_(0); obs.Layers.add_(1).sub_(1); obs.Kinds.add_(1).sub_(1);
        // So is the [U] output (4 bytes a unit, 3.8 MiB at 10^6 units): the forward writes into it.
        var output = zeros(units); output.add_(1);
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
        for (int pass = 0; pass < passes; pass++)
        {
            GC.Collect();
            File.WriteAllText("/proc/self/clear_refs", "5"); // reset VmHWM to the current RSS
            long before = Status("VmRSS");
            var sw = Stopwatch.StartNew();
            using (no_grad())
            {
                using var scope = NewDisposeScope();
                var logits = policy.Logits(obs, chunk, output);
                logits.sum().item<float>();
            }
            long peak = Status("VmHWM");
            Console.WriteLine($"{(peak - before) / 1024.0:F3} {sw.Elapsed.TotalSeconds:F2}");
        }
    }

    private static long Status(string key) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
