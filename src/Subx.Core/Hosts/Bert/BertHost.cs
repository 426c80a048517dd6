using System.Text.Json.Nodes;
using Subx.Assister;
using Subx.Runs;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Hosts.Bert;

/// <summary>The weights of one transformer layer, in Hugging Face's layout (Linear weights [out, in]).</summary>
public sealed record BertLayer(
    Tensor Wq, Tensor Bq, Tensor Wk, Tensor Bk, Tensor Wv, Tensor Bv, // [d, d], [d]: rows h·dh … (h+1)·dh belong to head h
    Tensor Wo, Tensor Bo,                                              // [d, d], [d]: columns h·dh … belong to head h
    Tensor Ln1W, Tensor Ln1B,                                          // [d]: LayerNorm after attention
    Tensor W1, Tensor B1,                                              // [F, d], [F]: row i is neuron i's input
    Tensor W2, Tensor B2,                                              // [d, F], [d]: column i is neuron i's output
    Tensor Ln2W, Tensor Ln2B);                                         // [d]: LayerNorm after the MLP

/// <summary>
/// A BERT-family encoder (post-LayerNorm, exact GELU, learned positions) in TorchSharp, built from
/// an ONNX export or a Hugging Face folder. Units: every attention head and every MLP neuron,
/// layer by layer (a layer's heads, then its neurons). <see cref="Encode"/> can scale each unit's
/// output by a gate, per example: that is how attribution and learned masks see the host.
/// </summary>
public sealed class BertHost : IHost
{
    /// <summary>Added to attention scores at padding positions (as the exported graphs do).</summary>
    public const float MaskedScore = -10000f;

    /// <summary>Names of the weight files in a Hugging Face folder.</summary>
    public const string WeightsFile = "model.safetensors", ConfigFile = "config.json", VocabFile = "vocab.txt", TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>
    /// A host from named weights (the loaders' job: <see cref="BertLoader"/>). Every tensor the
    /// architecture needs must be there with its shape, and none may be left over; otherwise a
    /// <see cref="SubxException"/> names the tensor and <paramref name="where"/> (the file it came from).
    /// </summary>
    public BertHost(string name, BertConfig config, IReadOnlyDictionary<string, Tensor> weights, WordPiece tokenizer, string where)
    {
        config.Validate(where);
        Name = name;
        Config = config;
        Tokenizer = tokenizer;
        if (tokenizer.VocabSize != config.VocabSize)
            throw SubxException.Bad(tokenizer.Source, "vocabulary", $"{config.VocabSize} tokens (the rows of the word embedding in {where})", tokenizer.VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int d = config.Hidden, f = config.Intermediate;
        var used = new HashSet<string>(StringComparer.Ordinal);
        Tensor Take(string key, params long[] shape)
        {
            used.Add(key);
            return Safetensors.Expect(weights, key, shape, where);
        }
        WordEmbeddings = Take("embeddings.word_embeddings.weight", config.VocabSize, d);
        PositionEmbeddings = Take("embeddings.position_embeddings.weight", config.MaxPositions, d);
        TypeEmbeddings = Take("embeddings.token_type_embeddings.weight", config.TypeVocabSize, d);
        EmbeddingLnW = Take("embeddings.LayerNorm.weight", d);
        EmbeddingLnB = Take("embeddings.LayerNorm.bias", d);
        Layers = new BertLayer[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"encoder.layer.{l}.";
            Layers[l] = new BertLayer(
                Take(p + "attention.self.query.weight", d, d), Take(p + "attention.self.query.bias", d),
                Take(p + "attention.self.key.weight", d, d), Take(p + "attention.self.key.bias", d),
                Take(p + "attention.self.value.weight", d, d), Take(p + "attention.self.value.bias", d),
                Take(p + "attention.output.dense.weight", d, d), Take(p + "attention.output.dense.bias", d),
                Take(p + "attention.output.LayerNorm.weight", d), Take(p + "attention.output.LayerNorm.bias", d),
                Take(p + "intermediate.dense.weight", f, d), Take(p + "intermediate.dense.bias", f),
                Take(p + "output.dense.weight", d, f), Take(p + "output.dense.bias", d),
                Take(p + "output.LayerNorm.weight", d), Take(p + "output.LayerNorm.bias", d));
        }
        if (weights.ContainsKey("pooler.dense.weight") || weights.ContainsKey("pooler.dense.bias"))
            Pooler = (Take("pooler.dense.weight", d, d), Take("pooler.dense.bias", d));
        used.Add("embeddings.position_ids"); // a buffer of 0 … P−1, not a weight
        var unused = weights.Keys.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if (unused.Length > 0)
            throw SubxException.Bad(where, "tensors", "only BERT encoder weights (every tensor accounted for)",
                $"{unused.Length} unused: {string.Join(", ", unused.Take(5))}{(unused.Length > 5 ? ", …" : "")}");

        var units = new List<UnitInfo>();
        for (int l = 0; l < config.Layers; l++)
        {
            for (int h = 0; h < config.Heads; h++) units.Add(new UnitInfo(new UnitId(l, UnitKind.AttentionHead, h), config.HeadParameters));
            for (int i = 0; i < config.Intermediate; i++) units.Add(new UnitInfo(new UnitId(l, UnitKind.Mlp, i), config.NeuronParameters));
        }
        Units = new UnitSpace(units);
    }

    /// <summary>The host's name, e.g. `minilm`.</summary>
    public string Name { get; }
    /// <summary>The architecture's numbers.</summary>
    public BertConfig Config { get; }
    /// <summary>The model's own tokenizer.</summary>
    public WordPiece Tokenizer { get; }
    /// <summary>[vocab, d]</summary>
    public Tensor WordEmbeddings { get; }
    /// <summary>[positions, d]</summary>
    public Tensor PositionEmbeddings { get; }
    /// <summary>[types, d]</summary>
    public Tensor TypeEmbeddings { get; }
    /// <summary>[d] LayerNorm of the embeddings.</summary>
    public Tensor EmbeddingLnW { get; }
    /// <summary>[d]</summary>
    public Tensor EmbeddingLnB { get; }
    /// <summary>The transformer layers.</summary>
    public BertLayer[] Layers { get; }
    /// <summary>The pooler ([d, d], [d]) if the checkpoint has one; kept for export, not used for features (mean pooling is).</summary>
    public (Tensor W, Tensor B)? Pooler { get; }
    /// <inheritdoc />
    public UnitSpace Units { get; }
    /// <inheritdoc />
    public string Description => $"{Name}: bert {Config.Layers} layers, d {Config.Hidden}, {Config.Heads} heads of {Config.HeadDim}, mlp {Config.Intermediate}";

    /// <summary>Texts are cut to this many tokens ([CLS] and [SEP] included) before they reach the model.</summary>
    public int MaxTokens { get; init; } = 32;

    /// <summary>Rows embedded per forward pass when a task's inputs are prepared (bounds memory, not results).</summary>
    public int EmbedChunk { get; init; } = 512;

    /// <inheritdoc />
    public int LayerCount => Config.Layers;

    /// <inheritdoc />
    public int RepresentationWidth => Config.Hidden;

    /// <inheritdoc />
    public void CheckTask(TaskData task)
    {
        if (task.Texts is null)
            throw SubxException.Bad($"task '{task.Name}'", "inputs", $"texts (a BERT host reads text)", $"{task.FeatureDim} numeric features per row");
    }

    /// <inheritdoc />
    /// <remarks>M's embeddings (word + position + type, LayerNorm) of the texts, padded to the longest of these rows.</remarks>
    public HostInputs Inputs(TaskData task, int[] rows)
    {
        CheckTask(task);
        var (texts, _) = task.TakeTexts(rows);
        var (ids, mask) = Tokenize(texts, MaxTokens);
        using (no_grad()) return new HostInputs(Embed(ids), mask);                  // [n, T, d], [n, T]
    }

    /// <inheritdoc />
    public Tensor Represent(HostInputs x, Tensor? gates = null, Tensor? fill = null) => MeanPool(Encode(x.X, x.Mask!, gates, fill: fill), x.Mask!);

    /// <inheritdoc />
    /// <remarks>
    /// Per layer: its heads' attention-weighted values (heads × head width: what each head's output
    /// projection reads), then its neurons' activations. A token's role: 0 the first token, 1 the last
    /// real one, 2 the others; each row of the result is the mean over the tokens of that role.
    /// </remarks>
    public Tensor MeanOutputs(HostInputs x) => Pooled(x, perRow: false).sum([0L]);   // [3, layers·(H·dh + F)]

    /// <inheritdoc />
    /// <remarks>As <see cref="MeanOutputs"/>, each input row apart: [n, 3, layers·(H·dh + F)].</remarks>
    public Tensor RowOutputs(HostInputs x) => Pooled(x, perRow: true);

    /// <summary>What the units write, pooled by token role with weights that average over each row or over all rows: [n, 3, width].</summary>
    private Tensor Pooled(HostInputs x, bool perRow)
    {
        var pooled = new List<Tensor>();
        Encode(x.X, x.Mask!, pooled: pooled, poolWeights: RoleWeights(x.Mask!, perRow));
        return cat(pooled.ToArray(), 2);
    }

    /// <summary>
    /// Weights [n, T, 3] that average a role's real tokens, within each row (<paramref name="perRow"/>)
    /// or over all rows. A role with no token (a text with no word has no "other" token) takes the mean
    /// over every token instead.
    /// </summary>
    private static Tensor RoleWeights(Tensor mask, bool perRow)
    {
        var real = mask.to_type(ScalarType.Float32);                                   // [n, T]
        var onehot = nn.functional.one_hot(TokenRoles(mask), 3).to_type(ScalarType.Float32) * real.unsqueeze(2); // [n, T, 3]
        var counts = perRow ? onehot.sum(1, keepdim: true) : onehot.sum([0L, 1L], keepdim: true); // [n or 1, 1, 3]
        var anyToken = perRow ? real / real.sum(1, keepdim: true).clamp_min(Held.One) : real / real.sum().clamp_min(Held.One);
        return (onehot / counts.clamp_min(Held.One)).where(counts.gt(Held.Zero), anyToken.unsqueeze(2));
    }

    /// <summary>Token roles [n, T] of mean- and resample-ablation (<see cref="MeanOutputs"/>): 0 the first token, 1 the last real one, 2 the others and padding.</summary>
    public static Tensor TokenRoles(Tensor mask)
    {
        var position = Held.Arange(mask.shape[1], ScalarType.Int64).unsqueeze(0);     // [1, T]
        var last = mask.sum(1, keepdim: true).Minus(1L);                               // [n, 1]
        var roles = ones(mask.shape, dtype: ScalarType.Int64).Times(2L);                // every token "other",
        roles = roles.where(position.ne(last), ones(mask.shape, dtype: ScalarType.Int64)); // then 1 at the last real one,
        return roles.where(position.ne(Held.Zero), zeros(mask.shape, dtype: ScalarType.Int64)); // then 0 at the first
    }

    /// <inheritdoc />
    public Tensor UnitActivations(HostInputs x)
    {
        var record = new List<Tensor>();
        Encode(x.X, x.Mask!, null, record);
        return cat(record.ToArray(), 1);                                             // [n, units]: per layer heads, then neurons
    }

    /// <summary>
    /// Every unit's activation at every token, [n, T, units] in unit order (padding positions hold what
    /// the units compute there; read them through the mask): a neuron's output at the token, a head's norm
    /// of what it writes to the residual stream at the token. A neuron's mean over a row's real tokens is
    /// its <see cref="UnitActivations"/>; a head's there is the norm of its mean write, not the mean of these norms.
    /// </summary>
    public Tensor TokenActivations(HostInputs x)
    {
        var tokens = new List<Tensor>();
        Encode(x.X, x.Mask!, tokenRecord: tokens);
        return cat(tokens.ToArray(), 2);                                             // [n, T, units]
    }

    /// <inheritdoc />
    public Tensor? InputFeatures(HostInputs x) => null;

    private UnitWeights[]? _weightGroups;

    /// <inheritdoc />
    /// <remarks>Per layer two groups: heads (reads: their query, key and value rows; writes: their output columns) and neurons.</remarks>
    public IReadOnlyList<UnitWeights> WeightGroups()
    {
        if (_weightGroups is not null) return _weightGroups;
        using var scope = NewDisposeScope();
        int d = Config.Hidden, heads = Config.Heads, dh = Config.HeadDim;
        var groups = new List<UnitWeights>();
        for (int l = 0; l < Layers.Length; l++)
        {
            var w = Layers[l];
            int offset = l * UnitsPerLayer;
            var reads = stack([w.Wq.view(heads, dh * d), w.Wk.view(heads, dh * d), w.Wv.view(heads, dh * d)], 1).view(heads, 3 * dh * d);
            var writes = w.Wo.view(d, heads, dh).permute(1, 0, 2).reshape(heads, d * dh);
            // Cached for the host's lifetime: the views and copies made here must outlive this scope.
            groups.Add(new UnitWeights(Enumerable.Range(offset, heads).ToArray(), reads.DetachFromDisposeScope(), writes.DetachFromDisposeScope()));
            groups.Add(new UnitWeights(Enumerable.Range(offset + heads, Config.Intermediate).ToArray(), w.W1, w.W2.t().contiguous().DetachFromDisposeScope()));
        }
        return _weightGroups = [.. groups];
    }

    private readonly Dictionary<int, Tensor> _wiring = [];

    /// <inheritdoc />
    /// <remarks>
    /// Through the residual stream: unit b of layer l reads vectors R_b (a neuron its input row; a head
    /// its query, key and value rows), unit a of layer l − 1 writes W_a (a neuron its output column,
    /// a head its output columns); the strength is ‖R_b·W_a‖_F. Layer 0 reads embeddings, not features: null.
    /// </remarks>
    public Tensor? Wiring(int layer)
    {
        if (layer == 0) return null;
        if (_wiring.TryGetValue(layer, out var cached)) return cached;
        using var scope = NewDisposeScope();
        int heads = Config.Heads, dh = Config.HeadDim, f = Config.Intermediate;
        var below = Layers[layer - 1]; var here = Layers[layer];
        var reads = cat([here.Wq, here.Wk, here.Wv, here.W1], 0);                  // [3·H·dh + F, d]: rows grouped per unit below
        var writes = cat([below.Wo, below.W2], 1);                                  // [d, H·dh + F]
        var sq = reads.matmul(writes).Squared();                                    // [3·H·dh + F, H·dh + F]
        // Sum squares within each unit's rows and columns. Rows: head h owns rows h·dh… of each of q, k, v.
        var headRows = sq.narrow(0, 0, 3 * heads * dh).view(3, heads, dh, -1).sum([0L, 2L]); // [H, cols]
        var rows = cat([headRows, sq.narrow(0, 3 * heads * dh, f)], 0);             // [H + F, H·dh + F]
        var headCols = rows.narrow(1, 0, heads * dh).view(-1, heads, dh).sum(2);    // [H + F, H]
        var wiring = cat([headCols, rows.narrow(1, heads * dh, f)], 1).sqrt();      // [H + F, H + F]
        _wiring[layer] = wiring.DetachFromDisposeScope();
        return wiring;
    }

    /// <inheritdoc />
    public IAssisterBatch CreateAssister(IReadOnlyList<AssisterSpec> specs, AssisterConfig config) => new BertAssisterBatch(this, specs, config);

    /// <summary>Units per layer: its heads, then its neurons.</summary>
    public int UnitsPerLayer => Config.Heads + Config.Intermediate;

    /// <summary>M's frozen embeddings, LayerNorm included: ids [n, T] → [n, T, d] (token types all 0).</summary>
    public Tensor Embed(Tensor ids)
    {
        long t = ids.shape[1];
        var x = WordEmbeddings.index_select(0, ids.flatten()).view(ids.shape[0], t, Config.Hidden)
            .Plus(PositionEmbeddings.narrow(0, 0, t).unsqueeze(0))
            .Plus(TypeEmbeddings[0]);
        return nn.functional.layer_norm(x, [Config.Hidden], EmbeddingLnW, EmbeddingLnB, Config.LayerNormEps);
    }

    /// <summary>
    /// The encoder on embeddings x [n, T, d] with attention mask [n, T] (1 = token, 0 = padding);
    /// returns the last hidden state [n, T, d]. With <paramref name="gates"/> [n, units] (or [1, units])
    /// each head's and neuron's output is multiplied by its gate, and with <paramref name="fill"/>
    /// (<see cref="MeanOutputs"/> [3, width], or <see cref="RowOutputs"/> [n, 3, width] of other rows)
    /// (1 − gate) times the unit's fill for the token's role is added to it (in effect: what that adds is
    /// added after the output projection, which costs far less; a fill is not recorded, nor pooled). With <paramref name="record"/>,
    /// each unit's activation per example is appended, layer by layer, as [n, units of the layer]: for a
    /// neuron its mean over tokens, for a head the norm of what it writes to the residual stream,
    /// mean-pooled. With <paramref name="pooled"/>, what the units write, weighted over the tokens by
    /// <paramref name="poolWeights"/> [n, T, 3] and summed, is appended in <see cref="RowOutputs"/>'
    /// layout: per layer [n, 3, H·head width] then [n, 3, F]. With <paramref name="tokenRecord"/>, each
    /// unit's activation at each token is appended, layer by layer, as [n, T, units of the layer]
    /// (<see cref="TokenActivations"/>).
    /// </summary>
    public Tensor Encode(Tensor x, Tensor mask, Tensor? gates = null, List<Tensor>? record = null, Tensor? fill = null,
        List<Tensor>? pooled = null, Tensor? poolWeights = null, List<Tensor>? tokenRecord = null)
    {
        long n = x.shape[0], t = x.shape[1];
        int d = Config.Hidden, heads = Config.Heads, dh = Config.HeadDim, per = UnitsPerLayer;
        var maskF = mask.to_type(ScalarType.Float32);
        var scoreBias = maskF.SubtractedFrom(1).Times(MaskedScore).view(n, 1, 1, t);             // [n, 1, 1, T]
        var tokenWeight = maskF / maskF.sum(1, keepdim: true).clamp_min(Held.One);      // [n, T]: mean over real tokens
        if (fill is not null && (gates is null || record is not null || pooled is not null || tokenRecord is not null))
            throw new ArgumentException("a fill is written in place of gated-off outputs: it needs gates, and is not recorded");
        var roles = fill is null ? null : TokenRoles(mask);                              // [n, T]
        var poolBy = poolWeights?.transpose(1, 2);                                       // [n, 3, T]
        // What the gated-off part of some units' fill adds to the residual stream at each token, for the
        // token's role: (1 − gate) · fill, projected by the units' output weights [d, width] in the small
        // space of roles ([g, 3, d], g = 1 or n) and only then spread over the tokens ([n, T, d]). The same
        // sum as filling each unit's output at each token before the projection, at a fraction of its
        // cost: the fill's [n, T, width] is never made.
        Tensor FillOut(Tensor g, long column, long width, Tensor output)
        {
            var off = g.SubtractedFrom(1);                                             // [g, width]
            var part = fill!.dim() == 2 ? fill.narrow(1, column, width).unsqueeze(0) : fill.narrow(2, column, width); // [1 or n, 3, width]
            var projected = nn.functional.linear(off.unsqueeze(1) * part, output);      // [g, 3, d]
            return projected.shape[0] == 1
                ? projected[0].index_select(0, roles!.flatten()).view(n, t, d)
                : projected.gather(1, roles!.unsqueeze(2).expand(n, t, d));
        }
        for (int l = 0; l < Layers.Length; l++)
        {
            using var layerScope = NewDisposeScope(); // a layer's temporaries go when it is done; autograd keeps what it needs
            var w = Layers[l];
            Tensor Split(Tensor y) => y.view(n, t, heads, dh).transpose(1, 2);       // [n, H, T, dh]
            var q = Split(nn.functional.linear(x, w.Wq, w.Bq));
            var k = Split(nn.functional.linear(x, w.Wk, w.Bk));
            var v = Split(nn.functional.linear(x, w.Wv, w.Bv));
            var att = nn.functional.softmax(q.matmul(k.transpose(2, 3)).DividedBy(Math.Sqrt(dh)).Plus(scoreBias), -1); // [n, H, T, T]
            var z = att.matmul(v);                                                    // [n, H, T, dh]
            int fillAt = l * (heads * dh + Config.Intermediate);                       // this layer's columns in fill and pooled (units: l·per)
            Tensor? headFill = null;
            if (gates is not null)
            {
                var g = gates.narrow(1, l * per, heads);                                // [n or 1, H]
                z = z * g.view(-1, heads, 1, 1);
                if (fill is not null) headFill = FillOut(g.repeat_interleave(dh, 1L), fillAt, heads * dh, w.Wo); // [n, T, d]
            }
            if (pooled is not null) pooled.Add(poolBy!.bmm(z.transpose(1, 2).reshape(n, t, heads * dh)).MoveToOuterDisposeScope()); // [n, 3, H·dh]
            // What head h writes: z_h · Wo[:, h]ᵀ, with Wo by head [1, H, dh, d].
            var woByHead = record is null && tokenRecord is null ? null : w.Wo.view(d, heads, dh).permute(1, 2, 0).unsqueeze(0);
            if (record is not null)
            {
                var pooledZ = (z * tokenWeight.view(n, 1, t, 1)).sum(2);              // [n, H, dh]: pooled over tokens, then its norm
                record.Add(pooledZ.unsqueeze(2).matmul(woByHead!).squeeze(2).norm(2, keepdim: false).MoveToOuterDisposeScope()); // [n, H]
            }
            if (tokenRecord is not null)
                tokenRecord.Add(z.matmul(woByHead!).norm(3, keepdim: false).transpose(1, 2).MoveToOuterDisposeScope()); // [n, H, T, d] → [n, T, H]
            var attnOut = nn.functional.linear(z.transpose(1, 2).reshape(n, t, d), w.Wo, w.Bo);
            if (headFill is not null) attnOut = attnOut.Plus(headFill);
            x = nn.functional.layer_norm(x.Plus(attnOut), [d], w.Ln1W, w.Ln1B, Config.LayerNormEps);
            var a = nn.functional.gelu(nn.functional.linear(x, w.W1, w.B1));         // [n, T, F]
            Tensor? neuronFill = null;
            if (gates is not null)
            {
                var g = gates.narrow(1, l * per + heads, Config.Intermediate);         // [n or 1, F]
                a = a * g.unsqueeze(1);
                if (fill is not null) neuronFill = FillOut(g, fillAt + heads * dh, Config.Intermediate, w.W2); // [n, T, d]
            }
            if (pooled is not null) pooled.Add(poolBy!.bmm(a).MoveToOuterDisposeScope()); // [n, 3, F]
            if (record is not null) record.Add((a * tokenWeight.unsqueeze(2)).sum(1).MoveToOuterDisposeScope()); // [n, F]
            if (tokenRecord is not null) tokenRecord.Add(a.MoveToOuterDisposeScope());   // [n, T, F]
            var mlpOut = nn.functional.linear(a, w.W2, w.B2);
            if (neuronFill is not null) mlpOut = mlpOut.Plus(neuronFill);
            x = nn.functional.layer_norm(x.Plus(mlpOut), [d], w.Ln2W, w.Ln2B, Config.LayerNormEps).MoveToOuterDisposeScope();
        }
        return x;
    }

    /// <summary>Mean of the hidden states over real tokens: [n, T, d], [n, T] → [n, d] (sentence-transformers' pooling).</summary>
    public static Tensor MeanPool(Tensor hidden, Tensor mask)
    {
        var m = mask.to_type(ScalarType.Float32).unsqueeze(2);                        // [n, T, 1]
        return (hidden * m).sum(1) / m.sum(1).clamp_min(Held.One);
    }

    /// <summary>Token ids [n, T] and attention mask [n, T] of texts, padded to the longest (at most <paramref name="maxTokens"/>).</summary>
    public (Tensor Ids, Tensor Mask) Tokenize(IReadOnlyList<string> texts, int maxTokens)
    {
        var encoded = texts.Select(s => Tokenizer.Encode(s, Math.Min(maxTokens, Config.MaxPositions))).ToArray();
        int t = encoded.Max(e => e.Length);
        var ids = new long[encoded.Length * t];
        var mask = new long[encoded.Length * t];
        for (int i = 0; i < encoded.Length; i++)
        {
            for (int j = 0; j < t; j++)
            {
                bool real = j < encoded[i].Length;
                ids[i * t + j] = real ? encoded[i][j] : Tokenizer.PadId;
                mask[i * t + j] = real ? 1 : 0;
            }
        }
        return (tensor(ids, [encoded.Length, t]), tensor(mask, [encoded.Length, t]));
    }

    /// <summary>Every weight under its Hugging Face name.</summary>
    public Dictionary<string, Tensor> NamedWeights()
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["embeddings.word_embeddings.weight"] = WordEmbeddings,
            ["embeddings.position_embeddings.weight"] = PositionEmbeddings,
            ["embeddings.token_type_embeddings.weight"] = TypeEmbeddings,
            ["embeddings.LayerNorm.weight"] = EmbeddingLnW,
            ["embeddings.LayerNorm.bias"] = EmbeddingLnB,
        };
        for (int l = 0; l < Layers.Length; l++)
        {
            var w = Layers[l];
            string p = $"encoder.layer.{l}.";
            result[p + "attention.self.query.weight"] = w.Wq; result[p + "attention.self.query.bias"] = w.Bq;
            result[p + "attention.self.key.weight"] = w.Wk; result[p + "attention.self.key.bias"] = w.Bk;
            result[p + "attention.self.value.weight"] = w.Wv; result[p + "attention.self.value.bias"] = w.Bv;
            result[p + "attention.output.dense.weight"] = w.Wo; result[p + "attention.output.dense.bias"] = w.Bo;
            result[p + "attention.output.LayerNorm.weight"] = w.Ln1W; result[p + "attention.output.LayerNorm.bias"] = w.Ln1B;
            result[p + "intermediate.dense.weight"] = w.W1; result[p + "intermediate.dense.bias"] = w.B1;
            result[p + "output.dense.weight"] = w.W2; result[p + "output.dense.bias"] = w.B2;
            result[p + "output.LayerNorm.weight"] = w.Ln2W; result[p + "output.LayerNorm.bias"] = w.Ln2B;
        }
        if (Pooler is { } pooler) { result["pooler.dense.weight"] = pooler.W; result["pooler.dense.bias"] = pooler.B; }
        return result;
    }

    /// <summary>
    /// Writes the host as a Hugging Face folder: model.safetensors (with <paramref name="metadata"/> beside
    /// `format` `pt`), config.json, vocab.txt, tokenizer_config.json, each atomically, weights first.
    /// Returns the files' paths.
    /// </summary>
    public string[] SaveFolder(string dir, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Directory.CreateDirectory(dir);
        string[] files = [Path.Combine(dir, WeightsFile), Path.Combine(dir, ConfigFile), Path.Combine(dir, VocabFile), Path.Combine(dir, TokenizerConfigFile)];
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = "pt" };
        Safetensors.Write(files[0], NamedWeights(), meta);
        AtomicFile.WriteAllText(files[1], Config.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(files[2], string.Join('\n', Tokenizer.Vocabulary) + "\n");
        AtomicFile.WriteAllText(files[3], new JsonObject { ["do_lower_case"] = Tokenizer.LowerCase, ["tokenizer_class"] = "BertTokenizer" }.ToJsonString());
        return files;
    }
}
