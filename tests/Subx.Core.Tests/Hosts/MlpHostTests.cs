using Subx.Hosts;
using static TorchSharp.torch;

namespace Subx.Tests.Hosts;

public class MlpHostTests
{
    /// <summary>2 inputs → 2 ReLU units → 1 ReLU unit → one 2-class head, by hand.</summary>
    internal static MlpHost Micro() => new(
        2,
        [tensor(new float[] { 1, 0, 0, -1 }).reshape(2, 2), tensor(new float[] { 2, 3 }).reshape(1, 2)],
        [tensor(new float[] { 0, 1 }), tensor(new float[] { -1 })],
        [new MlpHead("t", tensor(new float[] { 1, -1 }).reshape(2, 1), tensor(new float[] { 0, 0.5f }))]);

    [Fact]
    public void HiddenActivationsMatchAHandComputation()
    {
        var host = Micro();
        var x = tensor(new float[] { 3, -2 }).reshape(1, 2);
        var h = host.Hidden(x);
        Assert.Equal(new float[] { 3, 3 }, h[0].data<float>().ToArray());      // relu(3), relu(2 + 1)
        Assert.Equal(new float[] { 14 }, h[1].data<float>().ToArray());        // relu(2·3 + 3·3 − 1)
        var ablated = host.Hidden(x, [true, false, true]);
        Assert.Equal(new float[] { 3, 0 }, ablated[0].data<float>().ToArray());
        Assert.Equal(new float[] { 5 }, ablated[1].data<float>().ToArray());  // relu(2·3 − 1)
        Assert.Equal(new float[] { 14, -13.5f }, host.Logits(x, "t").data<float>().ToArray());
        Assert.Equal(["layers.0.mlp[0]", "layers.0.mlp[1]", "layers.1.mlp[0]"], host.Units.Units.Select(u => u.Id.ToString()));
        Assert.Equal(new long[] { 3, 3, 3 }, host.Units.Units.Select(u => u.ParameterCount));
    }

    [Fact]
    public void MeanAblationWritesTheFillInAnAblatedUnitsPlace()
    {
        var host = Micro();
        var x = new HostInputs(tensor(new float[] { 3, -2, 1, 1 }).reshape(2, 2), null);
        // What the units write: layer 0 [relu(3), relu(3)] and [1, 0], layer 1 [14] and [1]; their means.
        var fill = host.MeanOutputs(x);
        Assert.Equal(new float[] { 2, 1.5f, 7.5f }, fill.data<float>().ToArray());
        Assert.Equal([1, 3], fill.shape);
        var gates = tensor(new float[] { 1, 0, 1 }, [1, 3]);
        // Unit 1 writes 1.5 for both rows: relu(2·3 + 3·1.5 − 1) and relu(2·1 + 3·1.5 − 1).
        Assert.Equal(new float[] { 9.5f, 5.5f }, host.Represent(x, gates, fill).data<float>().ToArray());
        Assert.Equal(new float[] { 5, 1 }, host.Represent(x, gates).data<float>().ToArray());        // zeroed: relu(2·3 − 1), relu(2·1 − 1)
        Assert.Equal(host.Represent(x).data<float>().ToArray(), host.Represent(x, ones(1, 3), fill).data<float>().ToArray());
        Assert.Equal(new float[] { 7.5f, 7.5f }, host.Represent(x, zeros(1, 3), fill).data<float>().ToArray()); // the last unit ablated: its fill
    }

    [Fact]
    public void ResamplingTheFirstLayerFromAnotherRowGivesThatRowsOutput()
    {
        var host = Micro();
        var a = new HostInputs(tensor(new float[] { 3, -2 }).reshape(1, 2), null);
        var b = new HostInputs(tensor(new float[] { 1, 1 }).reshape(1, 2), null);
        var fill = host.RowOutputs(b);                                                 // [1, units]: row b's
        var firstLayer = tensor(new float[] { 0, 0, 1 }, [1, 3]);
        Assert.Equal(host.Represent(b).data<float>().ToArray(), host.Represent(a, firstLayer, fill).data<float>().ToArray());
        Assert.NotEqual(host.Represent(b).data<float>().ToArray(), host.Represent(a).data<float>().ToArray());
    }

    [Fact]
    public void SaveThenLoadGivesTheSameHost()
    {
        using var dir = new TempDir();
        var host = Micro();
        host.Save(dir.Path);
        var back = MlpHost.Load(dir.Path);
        Assert.Equal(host.Widths, back.Widths);
        var x = tensor(new float[] { 0.5f, -1, 2, 1 }).reshape(2, 2);
        Assert.Equal(host.Logits(x, "t").data<float>().ToArray(), back.Logits(x, "t").data<float>().ToArray());
    }

    [Fact]
    public void AWrongShapeOrAnUnusedTensorIsNamed()
    {
        using var dir = new TempDir();
        Micro().Save(dir.Path);
        var weights = Safetensors.Read(dir.File(MlpHost.WeightsFile));
        weights["layers.1.weight"] = ones(1, 3);
        Safetensors.Write(dir.File(MlpHost.WeightsFile), weights);
        var e = Assert.Throws<SubxException>(() => MlpHost.Load(dir.Path));
        Assert.Equal($"{dir.File(MlpHost.WeightsFile)}: layers.1.weight: expected shape [1, 2], found [1, 3].", e.Message);

        weights["layers.1.weight"] = ones(1, 2);
        weights["extra"] = ones(1);
        Safetensors.Write(dir.File(MlpHost.WeightsFile), weights);
        e = Assert.Throws<SubxException>(() => MlpHost.Load(dir.Path));
        Assert.Equal($"{dir.File(MlpHost.WeightsFile)}: extra: expected only the tensors that host.json describes, found 1 unused tensor(s), first 'extra'.", e.Message);
    }

    [Theory]
    [InlineData("activation", "\"swish\"", "expected \"relu\" (the only activation MLP hosts run), found \"swish\".")]
    [InlineData("version", "7", "expected 1 (the only version of this format), found 7.")]
    public void AnActivationOrVersionItCannotRunIsRefused(string field, string value, string message)
    {
        // These were never read: a swish host ran as ReLU with the same scores.
        using var dir = new TempDir();
        Micro().Save(dir.Path);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File(MlpHost.ConfigFile)))!;
        config[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        File.WriteAllText(dir.File(MlpHost.ConfigFile), config.ToJsonString());
        var e = Assert.Throws<SubxException>(() => MlpHost.Load(dir.Path));
        Assert.Equal($"{dir.File(MlpHost.ConfigFile)}: {field}: {message}", e.Message);
    }

    [Fact]
    public void AMissingHostFolderIsNamed()
    {
        var e = Assert.Throws<SubxException>(() => MlpHost.Load("/nonexistent/zoo"));
        Assert.Equal("/nonexistent/zoo: host folder not found (expected a folder with host.json and host.safetensors).", e.Message);
    }
}
