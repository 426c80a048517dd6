using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Subx.Extractors.Baselines;
using Subx.Hosts;
using Subx.Runs;
using Subx.Tasks;
using static TorchSharp.torch;

namespace Subx.Observation;

/// <summary>
/// What the SE sees of (host, task, distractors): one token per unit, in unit-space order. The task
/// enters only through these numbers, so one trained SE serves any task.
/// </summary>
/// <param name="Tokens">[units, features]: every feature z-scored across the host's units (the gate columns centred and scaled by one spread, that of the gates on T).</param>
/// <param name="Layers">[units] the unit's layer index (for the layer embedding).</param>
/// <param name="Kinds">[units] the unit's kind (for the kind embedding).</param>
public sealed record UnitObservation(Tensor Tokens, Tensor Layers, Tensor Kinds)
{
    /// <summary>Number of units.</summary>
    public int Count => (int)Tokens.shape[0];
}

/// <summary>
/// Builds observations. Per unit: sketches of its incoming and outgoing weights (a fixed seeded random
/// projection, so any layer width maps to the same small width) and their norms; its activation mean,
/// spread and class separation on T; its separation on the distractors (mean and max); and the same
/// separations one hop up (the units or inputs that feed it) and one hop down (the units it feeds),
/// weighted by the connecting weights' magnitudes — so a unit that matters only through its
/// downstream units, like the first layer of a `parity` column, can be found. Optionally (<see cref="ObservationConfig.Gates"/>,
/// the default on a BERT host) its learned-gate importance on T and on the distractors. Statistics are
/// computed once per (host, task) and cached.
/// </summary>
/// <param name="host">The host whose units are observed.</param>
/// <param name="config">What to observe; the trained policy's, whose projections it learned to read.</param>
/// <param name="gateSeed">
/// Seed of the learned gates' fits; null: <see cref="ObservationConfig.Seed"/>, as in training. The gates
/// are a stochastic estimate (a mask trained on sampled batches), not something the policy learned to
/// read, so an extraction fits them under its own seed and its seeds show that spread.
/// </param>
/// <param name="gateFits">
/// How many fits each task's gates average (log α, unit by unit): under seeds S·k … S·k + k − 1 for gate
/// seed S and k fits, so 1 is the single fit under S and different gate seeds never share a fit. The
/// average is a steadier estimate than one fit, at k times the cost.
/// </param>
public sealed class ObservationBuilder(IHost host, ObservationConfig? config = null, int? gateSeed = null, int gateFits = 1)
{
    private readonly ConditionalWeakTable<TaskData, UnitStats> _stats = new();
    // Gate training costs seconds per task on a BERT: shared by every builder of the process (an SE's
    // training, its zero-shot and continued extractions), per task object and settings.
    private static readonly ConditionalWeakTable<TaskData, ConcurrentDictionary<(IHost, MaskConfig, double, int), double[]>> GateCache = new();
    private Tensor? _static; // [units, 2·sketch + 2]: the weight features, the same for every task

    /// <summary>The settings in use.</summary>
    public ObservationConfig Config { get; } = config ?? new ObservationConfig();

    /// <summary>Columns the gates add, last in every token: gate on T, mean gate on the distractors, their difference.</summary>
    public const int GateColumns = 3;

    /// <summary>Number of features per token.</summary>
    public int FeatureCount => 2 * Config.SketchWidth + 2 + 12 + (Config.Gates is null ? 0 : GateColumns);

    /// <summary>Whether this builder has computed <paramref name="task"/>'s activation statistics.</summary>
    internal bool HasStats(TaskData task) => _stats.TryGetValue(task, out _);

    /// <summary>The cached activation statistics of a task.</summary>
    public UnitStats Stats(TaskData task) => _stats.GetValue(task, t => UnitStats.Compute(host, t, Config.MaxRows, Config.Seed));

    /// <summary>The cached learned-gate importance (log α) of every unit on a task; needs <see cref="ObservationConfig.Gates"/>.</summary>
    public double[] Gates(TaskData task) => Gates(task, null);

    private double[] Gates(TaskData task, IProgress<double>? progress)
    {
        var fits = FitSeeds().Select(seed => Fit(task, seed, progress)).ToArray();
        return fits.Length == 1 ? fits[0] : Average(fits);
    }

    private double[] Fit(TaskData task, int seed, IProgress<double>? progress) =>
        GateCache.GetValue(task, _ => new()).GetOrAdd(GateKey(seed),
            key => MaskExtractor.Fit(key.Item1, task, [], key.Item2, key.Item3, key.Item4, progress));

    /// <summary>The seeds of the fits a task's gates average.</summary>
    private IEnumerable<int> FitSeeds()
    {
        if (gateFits < 1) throw new ArgumentOutOfRangeException(nameof(gateFits), gateFits, "at least one gate fit");
        int first = (gateSeed ?? Config.Seed) * gateFits;
        return Enumerable.Range(first, gateFits);
    }

    private (IHost, MaskConfig, double, int) GateKey(int seed) =>
        (host, Config.Gates ?? throw new InvalidOperationException("the observation has no gates"), Config.GateSizePenalty, seed);

    /// <summary>How many gate fits <paramref name="tasks"/> still need (0 when the observation has none).</summary>
    public int GatesToFit(IEnumerable<TaskData> tasks) => Unfitted(tasks).Count;

    private List<(TaskData Task, int Seed)> Unfitted(IEnumerable<TaskData> tasks) => Config.Gates is null
        ? []
        : [.. tasks.Distinct().SelectMany(t => FitSeeds().Select(seed => (t, seed))).Where(f => !IsFitted(f.t, f.seed))];

    private bool IsFitted(TaskData task, int seed) =>
        GateCache.TryGetValue(task, out var cached) && cached.ContainsKey(GateKey(seed));

    /// <summary>
    /// Fits and caches the gates of those of <paramref name="tasks"/> that have none yet, reporting the
    /// share done: on a BERT host they take seconds to a minute a fit, most of an extraction's start.
    /// </summary>
    public void FitGates(IEnumerable<TaskData> tasks, IProgress<double>? progress)
    {
        var missing = Unfitted(tasks);
        for (int k = 0; k < missing.Count; k++)
        {
            int done = k;
            Fit(missing[k].Task, missing[k].Seed, progress is null ? null : new Inline<double>(f => progress.Report((done + f) / missing.Count)));
        }
        if (missing.Count == 0) progress?.Report(1); // otherwise the last fit's own end said so
    }

    /// <summary>The observation of a task against its distractors.</summary>
    public UnitObservation Build(TaskData task, IReadOnlyList<TaskData> distractors)
    {
        using var scope = NewDisposeScope();
        var t = Stats(task);
        var ds = distractors.Select(Stats).ToArray();
        int u = host.Units.Count;
        double[] Col(Func<int, double> f) => Enumerable.Range(0, u).Select(f).ToArray();
        var dMean = Col(i => ds.Length == 0 ? 0 : ds.Average(d => d.Separation[i]));
        var dMax = Col(i => ds.Length == 0 ? 0 : ds.Max(d => d.Separation[i]));
        var upT = Hop(t.Separation, t.InputSeparation, up: true);
        var downT = Hop(t.Separation, t.InputSeparation, up: false);
        var upD = ds.Length == 0 ? new double[u] : Average(ds.Select(d => Hop(d.Separation, d.InputSeparation, up: true)));
        var downD = ds.Length == 0 ? new double[u] : Average(ds.Select(d => Hop(d.Separation, d.InputSeparation, up: false)));
        int layers = host.LayerCount;
        var layerOf = host.Units.Units.Select(x => x.Id.Layer).ToArray();
        double[][] columns =
        [
            t.Mean, t.Std, t.Separation, dMean, dMax, upT, downT, upD, downD,
            Col(i => t.Separation[i] - dMean[i]), Col(i => downT[i] - downD[i]),
            Col(i => layers == 1 ? 0 : (double)layerOf[i] / (layers - 1)),
        ];
        static Tensor Stack(double[][] cols) => stack(cols.Select(c => tensor(c.Select(v => (float)v).ToArray())).ToArray(), 1);
        var tokens = Standardize(cat([StaticFeatures(), Stack(columns)], 1));                     // [units, 2·sketch + 2 + 12]
        if (Config.Gates is not null)
        {
            var gT = Gates(task);
            var gD = ds.Length == 0 ? new double[u] : Average(distractors.Select(Gates));
            // The gate columns share one scale, the spread of the gates on T: each is centred, and all are
            // divided by that one spread, so gate(T) − λ·gate(D) on the tokens ranks units as it does on the
            // log α's themselves. Standardising each on its own would weigh the distractors' mean gate (an
            // average, so less spread) up by a factor that differs from task to task.
            var gates = Stack([gT, gD, Col(i => gT[i] - gD[i])]);                                  // [units, 3]
            var spread = gates.narrow(1, 0, 1).std(0L, unbiased: false).AtLeast(1e-6);
            tokens = cat([tokens, (gates - gates.mean([0], keepdim: true)) / spread], 1);
        }
        var result = new UnitObservation(
            tokens.MoveToOuterDisposeScope(),
            tensor(layerOf.Select(l => (long)l).ToArray()).MoveToOuterDisposeScope(),
            tensor(host.Units.Units.Select(x => (long)x.Id.Kind).ToArray()).MoveToOuterDisposeScope());
        return result;
    }

    /// <summary>The observation of a policy that does not read one: every unit's layer and kind, and no features.</summary>
    public UnitObservation Blind() => new(
        zeros(host.Units.Count, 0),
        tensor(host.Units.Units.Select(x => (long)x.Id.Layer).ToArray()),
        tensor(host.Units.Units.Select(x => (long)x.Id.Kind).ToArray()));

    /// <summary>
    /// For each unit, the |weight|-weighted mean separation of the units (or inputs) one hop up, or of
    /// the units one hop down (0 for the last layer: the host's heads are not read).
    /// </summary>
    private double[] Hop(double[] separation, double[] inputSeparation, bool up)
    {
        var result = new double[host.Units.Count];
        var (starts, widths) = LayerRanges();
        for (int l = 0; l < host.LayerCount; l++)
        {
            // up: wiring into l [width_l, below] · separation below; down: wiring into l+1, transposed, · separation above.
            Tensor? w; double[] neighbours;
            if (up)
            {
                w = host.Wiring(l);
                neighbours = l == 0 ? inputSeparation : separation[starts[l - 1]..(starts[l - 1] + widths[l - 1])];
            }
            else if (l + 1 < host.LayerCount)
            {
                w = host.Wiring(l + 1)?.t();
                neighbours = separation[starts[l + 1]..(starts[l + 1] + widths[l + 1])];
            }
            else continue;                                 // the last layer: the host's own heads are not read
            if (w is null || neighbours.Length == 0) continue; // layer 0 of a host whose inputs are not features
            var s = tensor(neighbours.Select(v => (float)v).ToArray());
            var hop = (w.matmul(s) / w.sum(1).AtLeast(1e-12)).data<float>().ToArray();
            for (int i = 0; i < widths[l]; i++) result[starts[l] + i] = hop[i];
        }
        return result;
    }

    /// <summary>Each layer's first position and unit count (units are contiguous per layer).</summary>
    private (int[] Starts, int[] Widths) LayerRanges()
    {
        var starts = new int[host.LayerCount]; var widths = new int[host.LayerCount];
        var units = host.Units.Units;
        for (int i = units.Count - 1; i >= 0; i--) { starts[units[i].Id.Layer] = i; widths[units[i].Id.Layer]++; }
        return (starts, widths);
    }

    private Tensor StaticFeatures()
    {
        if (_static is not null) return _static;
        using var scope = NewDisposeScope();
        var features = zeros(host.Units.Count, 2 * Config.SketchWidth + 2);
        foreach (var group in host.WeightGroups())
        {
            var incoming = group.Incoming;                                              // [k, a]
            var inNorm = incoming.norm(1, true);
            var inSketch = (incoming / inNorm.AtLeast(1e-12)).matmul(Projection((int)incoming.shape[1]));
            Tensor outSketch, outNorm;
            if (group.Outgoing is null) { outSketch = zeros(incoming.shape[0], Config.SketchWidth); outNorm = zeros(incoming.shape[0], 1); }
            else
            {
                outNorm = group.Outgoing.norm(1, true);
                outSketch = (group.Outgoing / outNorm.AtLeast(1e-12)).matmul(Projection((int)group.Outgoing.shape[1]));
            }
            var rows = tensor(group.Positions.Select(p => (long)p).ToArray());
            features.index_copy_(0, rows, cat([inSketch, outSketch, inNorm.log1p(), outNorm.log1p()], 1)); // [k, 2·sketch + 2]
        }
        _static = features.DetachFromDisposeScope(); // cached for the builder's lifetime
        return _static;
    }

    /// <summary>A fixed Gaussian projection [width, sketch] for one input width, seeded by the width, scaled to keep norms.</summary>
    private Tensor Projection(int width) =>
        randn(new long[] { width, Config.SketchWidth }, generator: new Generator((ulong)(Config.Seed * 1_000_003L + width))).DividedBy(Math.Sqrt(Config.SketchWidth));

    private static double[] Average(IEnumerable<double[]> rows)
    {
        var list = rows.ToList();
        return Enumerable.Range(0, list[0].Length).Select(i => list.Average(r => r[i])).ToArray();
    }

    /// <summary>Each column to mean 0, std 1 across units (a constant column becomes 0).</summary>
    private static Tensor Standardize(Tensor x)
    {
        var mean = x.mean([0], keepdim: true);
        var std = x.std(0L, unbiased: false, keepdim: true);
        return (x - mean) / std.AtLeast(1e-6);
    }
}
