using Subx.Hosts;
using Subx.Observation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Subx.Extractors.Policy;

/// <summary>
/// The subnet extractor's policy, a Perceiver IO (Jaegle et al. 2021): a small latent array
/// cross-attends to the unit tokens one chunk at a time (an online softmax across chunks, so memory
/// is bounded by the chunk, not the host), the latents attend to each other, and each unit's token
/// then queries the latents to give that unit's keep-logit. The task reaches the policy only
/// through the observation, so one trained policy serves any task and any host size. With
/// <see cref="PolicyConfig.GatePrior"/>, a linear path from each token to its logit starts the policy
/// at the learned gates' ranking (on T, less the distractors'), and the perceiver learns the residual.
/// </summary>
public sealed class PerceiverPolicy : IPolicy
{
    private readonly Dictionary<string, Parameter> _p = new(StringComparer.Ordinal);
    private readonly int _features;

    /// <summary>A policy over tokens of <paramref name="features"/> columns, its weights drawn from <see cref="PolicyConfig.Seed"/>.</summary>
    public PerceiverPolicy(int features, PolicyConfig config)
    {
        config.Validate();
        Config = config;
        _features = features;
        // Built inside a scope of its own, so that initialisation's temporaries (a draw before its scale, a
        // tensor wrapped into a Parameter) are the scope's to free and never the finalizer's; the parameters
        // the policy keeps are detached from it at the end.
        using var scope = NewDisposeScope();
        var gen = new Generator((ulong)config.Seed);
        int d = config.Width;
        void Linear(string name, int inputs, int outputs, bool bias = true)
        {
            _p[name + ".weight"] = new Parameter(Init.LinearDefault(outputs, inputs, gen));
            if (bias) _p[name + ".bias"] = new Parameter(zeros(outputs));
        }
        void Norm(string name) { _p[name + ".weight"] = new Parameter(ones(d)); _p[name + ".bias"] = new Parameter(zeros(d)); }

        Linear("embed", features, d);
        _p["embed.layer"] = new Parameter(randn(new long[] { config.MaxLayers, d }, generator: gen).Times(0.02));
        _p["embed.kind"] = new Parameter(randn(new long[] { 2, d }, generator: gen).Times(0.02));
        _p["latents"] = new Parameter(randn(new long[] { config.Latents, d }, generator: gen).Times(0.5));
        foreach (var block in new[] { "read" }.Concat(Enumerable.Range(0, config.LatentBlocks).Select(i => $"latent.{i}")).Append("decode"))
        {
            Norm($"{block}.norm_q"); Norm($"{block}.norm_kv"); Norm($"{block}.norm_mlp");
            // No key bias: it adds the same q·b to every score of a query, which the softmax ignores, so its
            // gradient is zero and Adam would turn rounding noise into steps that differ from run to run.
            Linear($"{block}.q", d, d); Linear($"{block}.k", d, d, bias: false); Linear($"{block}.v", d, d); Linear($"{block}.o", d, d);
            Linear($"{block}.mlp.0", d, 2 * d); Linear($"{block}.mlp.1", 2 * d, d);
        }
        Norm("out.norm");
        Linear("out.0", d, d);
        Linear("out.1", d, 1);
        using (no_grad())
        using (Scalar initialLogit = Math.Log(config.InitialKeepProbability / (1 - config.InitialKeepProbability)))
            _p["out.1.bias"].fill_(initialLogit);
        if (config.GatePrior != 0)
        {
            if (features < ObservationBuilder.GateColumns)
                throw SubxException.Bad("policy", "gate prior", "an observation with gate columns", $"{features} features");
            // The gate columns are the last three of a token: gate on T, mean gate on the distractors, their difference.
            var skip = zeros(1, features);
            skip[0, features - ObservationBuilder.GateColumns] = config.GatePrior;
            skip[0, features - ObservationBuilder.GateColumns + 1] = -config.GatePrior * config.GatePriorDistractors;
            _p["skip.weight"] = new Parameter(skip);
            // The perceiver is the residual: it starts at 0, so the untrained policy is the prior itself
            // (its random initial output would otherwise blur the prior's ranking before any reward is seen).
            using (no_grad()) _p["out.1.weight"].zero_();
        }
        Parameters = _p.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
        scope.Detach(_p.Values);
    }

    /// <summary>The shape settings.</summary>
    public PolicyConfig Config { get; }

    /// <summary>Features per token this policy reads.</summary>
    public int FeatureCount => _features;

    /// <inheritdoc />
    public IReadOnlyList<(string Name, Parameter Value)> Parameters { get; }

    /// <inheritdoc />
    public Tensor Logits(UnitObservation observation) => Logits(observation, Config.ChunkSize);

    /// <summary>
    /// Keep-logits [units], reading <paramref name="chunk"/> units at a time, written into
    /// <paramref name="into"/> when given (a float tensor of [units], e.g. one the caller reuses across
    /// forwards: then the forward itself needs only memory of the chunk's and the latents' size).
    /// </summary>
    public Tensor Logits(UnitObservation obs, int chunk, Tensor? into = null)
    {
        if (obs.Tokens.shape[1] != _features)
            throw SubxException.Bad("policy", "observation features", $"{_features} per unit (what the policy was trained on)", obs.Tokens.shape[1].ToString());
        int units = obs.Count;
        if (into is not null && (into.dim() != 1 || into.shape[0] != units || into.dtype != ScalarType.Float32))
            throw new ArgumentException($"the output must be a float tensor of [{units}]; found {into.dtype} [{string.Join(", ", into.shape)}]", nameof(into));
        // 1. Latents read the units, a chunk at a time.
        Tensor latents = _p["latents"];                                                           // [M, D]
        var read = CrossAttend("read", latents, (units + chunk - 1) / chunk, c => Embed(obs, c * chunk, Math.Min(chunk, units - c * chunk)));
        latents = latents.Plus(read);
        latents = latents.Plus(Mlp("read", latents));
        // 2. Latents think among themselves.
        for (int i = 0; i < Config.LatentBlocks; i++)
        {
            var current = latents;
            latents = latents.Plus(CrossAttend($"latent.{i}", latents, 1, _ => current));
            latents = latents.Plus(Mlp($"latent.{i}", latents));
        }
        // 3. Each unit queries the latents for its logit.
        var logits = into ?? empty(units);                                                         // [U], filled a chunk at a time
        for (int start = 0; start < units; start += chunk)
        {
            // A scope per chunk frees its intermediates (without gradients, memory stays at one chunk's).
            using var chunkScope = NewDisposeScope();
            var e = Embed(obs, start, Math.Min(chunk, units - start));                          // [C, D]
            var h = e.Plus(CrossAttend("decode", e, 1, _ => latents));
            h = h.Plus(Mlp("decode", h));
            var o = nn.functional.relu(Lin("out.0", Norm("out.norm", h)));
            var logit = Lin("out.1", o);                                                        // [C, 1]
            if (_p.ContainsKey("skip.weight")) logit = logit.Plus(Lin("skip", obs.Tokens.narrow(0, start, e.shape[0])));
            logits.narrow(0, start, e.shape[0]).copy_(logit.squeeze(1));                         // [C]
        }
        // The parameters are held only through this policy, which a caller may not use again: kept alive until
        // here, none of them can be finalized while libtorch reads it.
        GC.KeepAlive(this);
        return logits;
    }

    /// <summary>
    /// Multi-head attention of <paramref name="queries"/> [Q, D] over key/value chunks [C_i, D] (made one at a time by <paramref name="chunkAt"/>), with
    /// the softmax accumulated across chunks (running max and sum), equal to attending to their concatenation.
    /// </summary>
    private Tensor CrossAttend(string block, Tensor queries, int chunkCount, Func<int, Tensor> chunkAt)
    {
        int h = Config.Heads, dh = Config.Width / h;
        var q = Lin($"{block}.q", Norm($"{block}.norm_q", queries)).reshape(-1, h, dh).transpose(0, 1); // [H, Q, dh]
        Tensor? runMax = null, runSum = null, acc = null;
        for (int c = 0; c < chunkCount; c++)
        {
            // A scope per chunk: only the running max, sum and accumulator ([H, Q, ·]) leave it.
            using var chunkScope = NewDisposeScope();
            var chunk = chunkAt(c);
            var kv = Norm($"{block}.norm_kv", chunk);
            var k = Lin($"{block}.k", kv).reshape(-1, h, dh).transpose(0, 1);                     // [H, C, dh]
            var v = Lin($"{block}.v", kv).reshape(-1, h, dh).transpose(0, 1);                     // [H, C, dh]
            var s = q.matmul(k.transpose(1, 2)).DividedBy(Math.Sqrt(dh));                                 // [H, Q, C]
            var chunkMax = s.amax([2], keepdim: true);                                              // [H, Q, 1]
            var newMax = runMax is null ? chunkMax : maximum(runMax, chunkMax);
            var w = (s - newMax).exp();                                                             // [H, Q, C]
            if (runMax is null) { runSum = w.sum(2, keepdim: true); acc = w.matmul(v); }
            else
            {
                var scale = (runMax - newMax).exp();                                                // rescale what came before
                runSum = (runSum! * scale).Plus(w.sum(2, keepdim: true));
                acc = (acc! * scale).Plus(w.matmul(v));
            }
            runMax = newMax.MoveToOuterDisposeScope();
            runSum = runSum!.MoveToOuterDisposeScope();
            acc = acc!.MoveToOuterDisposeScope();
        }
        var attended = (acc! / runSum!).transpose(0, 1).reshape(-1, Config.Width);                 // [Q, D]
        return Lin($"{block}.o", attended);
    }

    private Tensor Mlp(string block, Tensor x) =>
        Lin($"{block}.mlp.1", nn.functional.gelu(Lin($"{block}.mlp.0", Norm($"{block}.norm_mlp", x))));

    private Tensor Embed(UnitObservation obs, int start, int length) =>
        Lin("embed", obs.Tokens.narrow(0, start, length))
            .Plus(_p["embed.layer"].index_select(0, obs.Layers.narrow(0, start, length).AtMost(Config.MaxLayers - 1)))
            .Plus(_p["embed.kind"].index_select(0, obs.Kinds.narrow(0, start, length)));               // [C, D]

    private Tensor Lin(string name, Tensor x) => nn.functional.linear(x, _p[name + ".weight"], _p.GetValueOrDefault(name + ".bias"));

    private Tensor Norm(string name, Tensor x) =>
        nn.functional.layer_norm(x, [Config.Width], _p[name + ".weight"], _p[name + ".bias"]);
}
