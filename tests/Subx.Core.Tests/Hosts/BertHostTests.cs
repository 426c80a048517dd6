using Microsoft.ML.OnnxRuntime;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Hosts.Onnx;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Tests.Hosts;

public class BertHostTests
{
    [Theory]
    [InlineData("minilm", 6, 384, 12, 1536)]
    [InlineData("arcticxs", 6, 384, 12, 1536)]
    public void Built_in_hosts_have_the_published_shapes(string name, int layers, int hidden, int heads, int ffn)
    {
        var host = TestBerts.Get(name);
        Assert.Equal((layers, hidden, heads, ffn, 30522), (host.Config.Layers, host.Config.Hidden, host.Config.Heads, host.Config.Intermediate, host.Config.VocabSize));
        Assert.Equal(1e-12, host.Config.LayerNormEps); // exactly: the graph's float32, read as its shortest decimal
        Assert.Equal(layers * (heads + ffn), host.Units.Count);
        Assert.Equal(new UnitId(0, UnitKind.AttentionHead, 0), host.Units[0].Id);
        Assert.Equal(new UnitId(0, UnitKind.Mlp, 0), host.Units[heads].Id);
        Assert.Equal(4L * 384 * 32 + 3 * 32, host.Units[0].ParameterCount);
        Assert.Equal(2L * 384 + 1, host.Units[heads].ParameterCount);
    }

    /// <summary>The TorchSharp BERT against ONNX Runtime running the very same ONNX file, on real sentences.</summary>
    [Theory]
    [InlineData("minilm")]
    [InlineData("arcticxs")]
    public void Last_hidden_state_matches_onnx_runtime(string name)
    {
        var host = TestBerts.Get(name);
        var (ids, mask) = host.Tokenize(TestBerts.Sentences, 128);
        using var _ = NewDisposeScope();
        float[] ours;
        using (no_grad()) ours = host.Encode(host.Embed(ids), mask).data<float>().ToArray();

        var (file, prefix) = BertLoader.BuiltIn[name];
        var assembly = System.Reflection.Assembly.LoadFile(Path.Combine(AppContext.BaseDirectory, "models", file));
        using var stream = assembly.GetManifestResourceStream(prefix + "model.onnx")!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(bytes.ToArray(), options);
        long[] shape = ids.shape;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids.data<long>().ToArray(), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask.data<long>().ToArray(), shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.numel()], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue, ["token_type_ids"] = typesValue };
        using var run = new RunOptions();
        using var outputs = session.Run(run, inputs, ["last_hidden_state"]);
        float[] reference = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(reference.Length, ours.Length);
        double maxDiff = reference.Zip(ours, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-4, $"max |TorchSharp − ONNX Runtime| = {maxDiff:g3}");
    }

    /// <summary>
    /// What mean-ablation writes in a unit's place. A one-word text is three tokens — [CLS], the word,
    /// [SEP] — one of each role, so its own mean outputs are exactly what each unit writes at each token:
    /// every unit ablated with that fill must give M's own output. Across texts the fill is a mean, and
    /// its neurons' rows, weighted by their token counts, are the neurons' activations averaged over all tokens.
    /// </summary>
    [Fact]
    public void Mean_ablation_with_a_texts_own_means_is_m_itself()
    {
        var host = TestBerts.MiniLm;
        var c = host.Config;
        using var _ = NewDisposeScope();
        using var __ = no_grad();
        var (ids, mask) = host.Tokenize(["good"], 64);
        Assert.Equal(3, ids.shape[1]);
        var one = new HostInputs(host.Embed(ids), mask);
        var fill = host.MeanOutputs(one);                                              // [3, layers·(H·dh + F)]
        Assert.Equal([3, c.Layers * (c.Heads * c.HeadDim + c.Intermediate)], fill.shape);
        var closed = zeros(1, host.Units.Count);
        Assert.True((host.Represent(one, closed, fill) - host.Represent(one)).abs().max().item<float>() < 1e-4);
        Assert.True((host.Represent(one, closed) - host.Represent(one)).abs().max().item<float>() > 0.1); // zeroed, it is not

        (ids, mask) = host.Tokenize(TestBerts.Sentences, 64);
        var x = new HostInputs(host.Embed(ids), mask);
        fill = host.MeanOutputs(x);
        var roles = BertHost.TokenRoles(mask);
        var real = mask.to_type(ScalarType.Float32);
        var counts = nn.functional.one_hot(roles, 3).to_type(ScalarType.Float32).mul(real.unsqueeze(2)).sum([0L, 1L]); // [3]: tokens of each role
        // Weighted by their token counts, the roles' means are the mean over every real token (padding left out).
        var activations = host.UnitActivations(x);                                     // [n, units]: neurons averaged over each text's tokens
        var tokens = mask.sum(1).to_type(ScalarType.Float32);                          // [n]
        int per = c.Heads * c.HeadDim + c.Intermediate;
        for (int l = 0; l < c.Layers; l++)
        {
            var fromRoles = counts.matmul(fill.narrow(1, l * per + c.Heads * c.HeadDim, c.Intermediate)) / counts.sum();
            var fromTexts = tokens.matmul(activations.narrow(1, l * host.UnitsPerLayer + c.Heads, c.Intermediate)) / tokens.sum();
            Assert.True((fromRoles - fromTexts).abs().max().item<float>() < 1e-4, $"layer {l}");
        }
        // Per row: the rows' own outputs, rows of one token per role, reproduce M row by row (resampling
        // each row from itself); the first two roles' means over rows are MeanOutputs'.
        (ids, mask) = host.Tokenize(["good", "bad"], 64);
        var two = new HostInputs(host.Embed(ids), mask);
        var rows = host.RowOutputs(two);                                              // [2, 3, width]
        Assert.Equal([2, 3, fill.shape[1]], rows.shape);
        Assert.True((host.Represent(two, closed, rows) - host.Represent(two)).abs().max().item<float>() < 1e-4);
        Assert.True((host.Represent(two, closed, rows.flip(0)) - host.Represent(two)).abs().max().item<float>() > 1e-3); // each from the other: not M
        Assert.True((rows.mean([0L]) - host.MeanOutputs(two)).abs().max().item<float>() < 1e-5);

        // Texts with no word have no "other" token: that role's mean is then the mean over every token.
        (ids, mask) = host.Tokenize(["", ""], 64);
        var empty = host.MeanOutputs(new HostInputs(host.Embed(ids), mask));
        Assert.True((empty[2] - empty[0].Plus(empty[1]).DividedBy(2)).abs().max().item<float>() < 1e-5);

        // An open gate never reads the fill; a closed one, mean-ablated, is neither M nor M with the unit zeroed.
        var open = ones(1, host.Units.Count);
        Assert.Equal(0f, (host.Represent(x, open, fill) - host.Represent(x)).abs().max().item<float>());
        var head = open.clone();
        head[0, host.UnitsPerLayer * 2 + 3] = 0;
        Assert.True((host.Represent(x, head) - host.Represent(x, head, fill)).abs().max().item<float>() > 1e-3);
        Assert.True((host.Represent(x, head, fill) - host.Represent(x)).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void Token_roles_are_the_first_token_the_last_real_one_and_the_others()
    {
        var mask = tensor(new long[] { 1, 1, 1, 1, 0, 1, 1, 0, 0, 0 }, [2, 5]);
        Assert.Equal(new long[] { 0, 2, 2, 1, 2, 0, 1, 2, 2, 2 }, BertHost.TokenRoles(mask).data<long>().ToArray());
    }

    [Fact]
    public void A_hugging_face_folder_round_trips()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        host.SaveFolder(dir.Path);
        var loaded = BertLoader.LoadFolder(dir.Path);
        Assert.Equal(host.Config, loaded.Config);
        var (ids, mask) = host.Tokenize(TestBerts.Sentences, 64);
        using var _ = NewDisposeScope();
        using (no_grad())
        {
            var a = host.Encode(host.Embed(ids), mask);
            var b = loaded.Encode(loaded.Embed(ids), mask);
            Assert.Equal(0.0, (a - b).abs().max().item<float>());
        }
    }

    [Fact]
    public void A_checkpoint_with_the_position_ids_buffer_in_int64_loads()
    {
        // Checkpoints saved from transformers' BertModel often carry embeddings.position_ids as I64.
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        host.SaveFolder(dir.Path);
        var weights = host.NamedWeights();
        weights["embeddings.position_ids"] = Held.Arange(host.Config.MaxPositions, ScalarType.Int64).unsqueeze(0);
        Subx.Hosts.Safetensors.Write(Path.Combine(dir.Path, BertHost.WeightsFile), weights);
        var loaded = BertLoader.LoadFolder(dir.Path);
        using var _ = NewDisposeScope();
        Assert.Equal(0f, (loaded.Layers[2].W1 - host.Layers[2].W1).abs().max().item<float>());
    }

    [Fact]
    public void A_vocabulary_that_does_not_fit_the_embedding_names_the_vocabulary_file()
    {
        using var dir = new TempDir();
        TestBerts.MiniLm.SaveFolder(dir.Path);
        string vocab = Path.Combine(dir.Path, BertHost.VocabFile);
        File.WriteAllLines(vocab, File.ReadAllLines(vocab)[..30000]); // a vocabulary short of its last 522 pieces
        var e = Assert.Throws<SubxException>(() => BertLoader.LoadFolder(dir.Path));
        Assert.Equal($"{vocab}: vocabulary: expected 30522 tokens (the rows of the word embedding in {Path.Combine(dir.Path, BertHost.WeightsFile)}), found 30000.", e.Message);
    }

    [Fact]
    public void A_folder_with_tokenizer_json_instead_of_vocab_txt_loads_the_same_tokenizer()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        host.SaveFolder(dir.Path);
        var vocab = File.ReadAllLines(Path.Combine(dir.Path, BertHost.VocabFile));
        File.Delete(Path.Combine(dir.Path, BertHost.VocabFile));
        var map = new System.Text.Json.Nodes.JsonObject();
        for (int i = 0; i < vocab.Length; i++) map[vocab[i]] = i;
        File.WriteAllText(Path.Combine(dir.Path, "tokenizer.json"), new System.Text.Json.Nodes.JsonObject { ["model"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "WordPiece", ["vocab"] = map } }.ToJsonString());
        var loaded = BertLoader.LoadFolder(dir.Path);
        foreach (var sentence in TestBerts.Sentences)
            Assert.Equal(host.Tokenizer.Encode(sentence, 64), loaded.Tokenizer.Encode(sentence, 64));
    }

    [Fact]
    public void An_onnx_file_with_vocab_beside_it_loads_as_the_built_in_does()
    {
        using var dir = new TempDir();
        var (file, prefix) = BertLoader.BuiltIn["arcticxs"];
        var assembly = System.Reflection.Assembly.LoadFile(Path.Combine(AppContext.BaseDirectory, "models", file));
        using (var stream = assembly.GetManifestResourceStream(prefix + "model.onnx")!)
        using (var output = File.Create(dir.File("model.onnx"))) stream.CopyTo(output);
        File.WriteAllLines(dir.File("vocab.txt"), TestBerts.ArcticXs.Tokenizer.Vocabulary);
        var loaded = BertLoader.Load(dir.File("model.onnx"));
        Assert.Equal(TestBerts.ArcticXs.Config, loaded.Config);
        Assert.Equal("model", loaded.Name);
        using var _ = NewDisposeScope();
        Assert.Equal(0f, (loaded.Layers[3].W1 - TestBerts.ArcticXs.Layers[3].W1).abs().max().item<float>());
    }

    [Fact]
    public void A_folder_with_a_wrong_shape_names_the_tensor()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        host.SaveFolder(dir.Path);
        var weights = host.NamedWeights();
        weights["encoder.layer.2.intermediate.dense.weight"] = zeros(1000, 384);
        Subx.Hosts.Safetensors.Write(Path.Combine(dir.Path, BertHost.WeightsFile), weights);
        var e = Assert.Throws<SubxException>(() => BertLoader.LoadFolder(dir.Path));
        Assert.Contains("encoder.layer.2.intermediate.dense.weight", e.Message);
        Assert.Contains("[1536, 384]", e.Message);
        Assert.Contains("[1000, 384]", e.Message);
    }

    [Fact]
    public void A_folder_with_a_missing_or_unused_tensor_names_it()
    {
        using var dir = new TempDir();
        var host = TestBerts.MiniLm;
        host.SaveFolder(dir.Path);
        var weights = host.NamedWeights();
        weights.Remove("encoder.layer.5.output.LayerNorm.bias");
        Subx.Hosts.Safetensors.Write(Path.Combine(dir.Path, BertHost.WeightsFile), weights);
        var missing = Assert.Throws<SubxException>(() => BertLoader.LoadFolder(dir.Path));
        Assert.Contains("encoder.layer.5.output.LayerNorm.bias", missing.Message);
        Assert.Contains("no such tensor", missing.Message);

        weights = host.NamedWeights();
        weights["encoder.layer.6.attention.self.query.weight"] = zeros(384, 384);
        Subx.Hosts.Safetensors.Write(Path.Combine(dir.Path, BertHost.WeightsFile), weights);
        var unused = Assert.Throws<SubxException>(() => BertLoader.LoadFolder(dir.Path));
        Assert.Contains("encoder.layer.6.attention.self.query.weight", unused.Message);
        Assert.Contains("unused", unused.Message);
    }

    [Fact]
    public void A_truncated_onnx_file_is_a_clear_error()
    {
        using var dir = new TempDir();
        var (file, prefix) = BertLoader.BuiltIn["minilm"];
        var assembly = System.Reflection.Assembly.LoadFile(Path.Combine(AppContext.BaseDirectory, "models", file));
        using var stream = assembly.GetManifestResourceStream(prefix + "model.onnx")!;
        var bytes = new byte[2_000_000];
        stream.ReadExactly(bytes);
        string path = dir.File("model.onnx");
        File.WriteAllBytes(path, bytes);
        File.WriteAllLines(dir.File("vocab.txt"), TestBerts.MiniLm.Tokenizer.Vocabulary);
        var e = Assert.Throws<SubxException>(() => BertLoader.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void An_onnx_file_that_is_not_a_bert_graph_is_refused()
    {
        // A real ONNX graph (one MatMul, y = x·W) that is not a BERT encoder.
        var model = OnnxModel.Parse(TinyOnnx.MatMulModel(), "tiny.onnx");
        var e = Assert.Throws<SubxException>(() => BertLoader.FromOnnx(model, TestBerts.MiniLm.Tokenizer, "tiny"));
        Assert.Contains("tiny.onnx", e.Message);
        Assert.Contains("input_ids", e.Message);
        var notOnnx = Assert.Throws<SubxException>(() => OnnxModel.Parse("just some text, not protobuf"u8.ToArray(), "notes.onnx"));
        Assert.Contains("notes.onnx", notOnnx.Message);
    }
}
