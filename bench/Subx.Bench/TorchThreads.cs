using System.Diagnostics;
using Subx.Engine;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Why every Scalar is held (ARCHITECTURE, "Nothing is left to the finalizer"): TorchSharp 0.107 turns the number in
/// <c>t * 0.5</c> (and those inside its optim.Adam) into a Scalar it never disposes, so once the native call
/// has the Scalar's handle the Scalar is garbage. A collection while the call runs lets the finalizer free
/// it under libtorch. Each row runs a loop beside a thread that allocates and collects (and three that only
/// spin, as a busy machine would) and prints how far it got: a multiplication with a Scalar held and with
/// the implicit one; a step of Subx's TorchAdam and of TorchSharp's optim.Adam; and, given a zoo, Subx's
/// own fine-tunes end to end.
/// </summary>
static class TorchThreads
{
    /// <summary>The rows by name: held, implicit, torch-adam, optim-adam, scorer (needs a zoo), se (needs a zoo and an SE run).</summary>
    public static readonly string[] Rows = ["held", "implicit", "torch-adam", "optim-adam", "scorer", "se"];

    public static void Run(double seconds, string? zooDir, IReadOnlyCollection<string> rows, string? policyDir = null)
    {
        if (rows.FirstOrDefault(r => !Rows.Contains(r)) is string unknown)
            throw new ArgumentException($"torch-threads: expected rows among {string.Join(", ", Rows)}, found '{unknown}'");
        Console.WriteLine($"Each row: a loop for up to {seconds:0} s beside a thread that allocates 64 KiB and calls GC.Collect in a loop (back to back unless the row says otherwise), and three spinning threads.\n");
        Console.WriteLine("| loop | iterations | seconds | outcome |");
        Console.WriteLine("|---|---:|---:|---|");
        using var x = randn(4);
        if (rows.Contains("held")) Row("`x.mul(half)`, a Scalar held and disposed", seconds, () => { using var half = 0.5.ToScalar(); using var y = x.mul(half); });
        if (rows.Contains("implicit")) Row("`x * 0.5`, TorchSharp's implicit Scalar", seconds, () => { using var y = x * 0.5; });

        // The optimizers: TorchSharp's optim.Adam against Subx's TorchAdam (the same arithmetic, Scalars held).
        // Each step inside a dispose scope, as Subx's loops run: a temporary Tensor no scope holds is exposed to
        // the finalizer the same way (with `p.Squared().sum()` outside one, two runs of six died in this row).
        var (p, q) = (new TorchSharp.Modules.Parameter(randn(64)), new TorchSharp.Modules.Parameter(randn(64)));
        using var ours = new TorchAdam([p], 1e-3);
        using var theirs = optim.Adam([q], lr: 1e-3);
        if (rows.Contains("torch-adam")) Row("a step of Subx's TorchAdam", seconds, () => { using var _ = NewDisposeScope(); ours.ZeroGrad(); p.Squared().sum().backward(); ours.Step(); });
        if (rows.Contains("optim-adam")) Row("a step of TorchSharp's optim.Adam", seconds, () => { using var _ = NewDisposeScope(); theirs.zero_grad(); q.Squared().sum().backward(); theirs.step(); });

        // Subx's own work end to end, on a zoo read once for both rows.
        var zoo = rows.Contains("scorer") || rows.Contains("se")
            ? Subx.Hosts.Zoo.Load(zooDir ?? throw new ArgumentException("torch-threads: the scorer and se rows need a zoo folder"))
            : null;

        // Fine-tunes of a zoo subnet (assister, Adam, validation).
        if (zoo is not null && rows.Contains("scorer"))
        {
            var scorer = new Subx.Scoring.Scorer(zoo.Host, new Subx.Scoring.ScorerConfig());
            var task = zoo.Tasks[0];
            int seed = 0;
            // A collection every millisecond rather than back to back: a fine-tune crosses into managed code
            // thousands of times, and each crossing waits out a collection in progress.
            Row($"a fine-tune of {task.Name}'s true subnet (Subx's Scorer; a collection every ms)", seconds,
                () => scorer.Score(new Subx.Scoring.ScoreJob(task.Truth, task.Data, seed++)), perBatch: 1, pauseMs: 1);
        }

        // A whole extraction as `subx extract --extractor se` runs it on a zoo: the observation (the learned
        // gates on T and each distractor, unit statistics), the policy read from its checkpoint, continued
        // training on T at the truth's size (RL iterations, fine-tunes), and the pick.
        if (zoo is not null && rows.Contains("se"))
        {
            var task = zoo.Tasks[0];
            var distractors = zoo.Tasks.Where(t => t != task).Select(t => t.Data).ToList();
            var d = Subx.Runs.HostDefaults.Zoo;
            var se = new Subx.Extractors.Policy.SeExtractor(d.Extractors with { PolicyDir = policyDir ?? throw new ArgumentException("torch-threads: the se row needs an SE run folder"), ContinueIterations = 20 });
            int seed = 0;
            Row($"an SE extraction of {task.Name} with 20 iterations of continued training (a collection every ms)", seconds,
                () => se.Extract(new Subx.Extractors.ExtractionRequest(zoo.Host, task.Data, distractors, task.Truth.Size, new Subx.Rewards.RewardConfig(), new Subx.Scoring.Scorer(zoo.Host, d.Scorer), seed++)),
                perBatch: 1, pauseMs: 1);
        }
    }

    private static void Row(string name, double seconds, Action body, int perBatch = 1000, int pauseMs = 0)
    {
        var (count, elapsed, error) = Race(body, seconds, perBatch, pauseMs);
        Console.WriteLine($"| {name} | {count:N0} | {elapsed:0.0} | {error ?? "no failure"} |");
    }

    private static (long Count, double Seconds, string? Error) Race(Action body, double seconds, int perBatch, int pauseMs)
    {
        bool stop = false;
        var threads = new List<Thread> { new(() =>
        {
            while (!Volatile.Read(ref stop)) { GC.KeepAlive(new byte[1 << 16]); GC.Collect(); if (pauseMs > 0) Thread.Sleep(pauseMs); }
        }) };
        for (int k = 0; k < 3; k++) threads.Add(new Thread(() => { long spins = 0; while (!Volatile.Read(ref stop)) spins++; }));
        threads.ForEach(t => t.Start());
        long count = 0;
        string? error = null;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < seconds)
                for (int i = 0; i < perBatch; i++, count++) body();
        }
        catch (Exception e) { error = e.Message.Split('\n')[0].Trim(); }
        Volatile.Write(ref stop, true);
        threads.ForEach(t => t.Join());
        return (count, clock.Elapsed.TotalSeconds, error);
    }
}
