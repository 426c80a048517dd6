using System.Text.Json.Nodes;
using Subx.Assister;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Scoring;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Tests.Assister;

public class SubnetModelTests
{
    private static readonly JsonObject About = new() { ["task"] = "t" };

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    [Fact]
    public void ABertSubnetModelIsMWithTheOtherUnitsZeroAblated()
    {
        var host = TestBerts.MiniLm; // loaded outside the test's scope: it is shared
        using var scope = NewDisposeScope();
        var subnet = Scorer.RandomOfSize(host.Units, 0.05, seed: 4);
        Assert.Contains(subnet.Units, u => u.Kind == UnitKind.AttentionHead); // both kinds are exercised
        var model = SubnetModel.Of(host, subnet);
        // To the last bit: a zeroed unit adds exact zeros where a gate of 0 does.
        Assert.Equal(0, SubnetModel.MaxDifference(host, subnet, model));
        // The check can tell: M itself is far from its subnet.
        Assert.True(SubnetModel.MaxDifference(host, subnet, host) > 1e-2);

        // Exactly zero outside the subnet, M's own weights inside it.
        int dh = host.Config.HeadDim;
        for (int l = 0; l < host.Config.Layers; l++)
        {
            foreach (int p in host.Units.PositionsOf(l, UnitKind.AttentionHead))
            {
                int h = host.Units[p].Id.Index;
                var rows = model.Layers[l].Wq.narrow(0, h * dh, dh);
                var expected = subnet.Contains(p) ? host.Layers[l].Wq.narrow(0, h * dh, dh) : zeros_like(rows);
                Assert.True(Same(rows, expected), $"layer {l} head {h}");
                Assert.Equal(!subnet.Contains(p), model.Layers[l].Wo.narrow(1, h * dh, dh).abs().max().item<float>() == 0);
                Assert.Equal(!subnet.Contains(p), model.Layers[l].Bv.narrow(0, h * dh, dh).abs().max().item<float>() == 0);
            }
            foreach (int p in host.Units.PositionsOf(l, UnitKind.Mlp).Take(200))
            {
                int i = host.Units[p].Id.Index;
                Assert.Equal(subnet.Contains(p), Same(model.Layers[l].W1[i], host.Layers[l].W1[i]));
                Assert.Equal(!subnet.Contains(p), model.Layers[l].W2[.., i].abs().max().item<float>() == 0);
            }
            Assert.True(Same(model.Layers[l].Ln1W, host.Layers[l].Ln1W) && Same(model.Layers[l].B2, host.Layers[l].B2));
        }
    }

    [Fact]
    public void KeepingEveryUnitReproducesM()
    {
        var host = TestBerts.MiniLm; // loaded outside the test's scope: it is shared
        using var scope = NewDisposeScope();
        var all = Subnet.All(host.Units);
        var model = SubnetModel.Of(host, all);
        var (ids, mask) = host.Tokenize(TestBerts.Sentences, 32);
        var x = new HostInputs(host.Embed(ids), mask);
        Assert.True((model.Represent(x) - host.Represent(x)).abs().max().item<float>() == 0);
    }

    [Fact]
    public void AWrittenBertModelReadsBackAsAHuggingFaceFolderThatSaysWhatItHolds()
    {
        var host = TestBerts.MiniLm;
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var subnet = Scorer.RandomOfSize(host.Units, 0.02, seed: 9);
        var files = SubnetModel.Write(SubnetModel.Of(host, subnet), dir.Path, new JsonObject { ["units"] = subnet.ToJsonUnits() });
        Assert.Equal(["model.safetensors", "config.json", "vocab.txt", "tokenizer_config.json"], files.Select(Path.GetFileName));
        var read = BertLoader.Load(dir.Path);
        Assert.Equal(0, SubnetModel.MaxDifference(host, subnet, read, seed: 1));
        var meta = Safetensors.ReadMetadata(dir.File("model.safetensors"));
        Assert.Equal("pt", meta["format"]);
        var subx = JsonNode.Parse(meta[SubnetModel.MetadataKey])!;
        Assert.True(subx["export"]!.GetValue<bool>());
        Assert.Equal(subnet.Mask, Subnet.FromJsonUnits(host.Units, subx["units"], "metadata").Mask);
    }

    [Fact]
    public void AnMlpSubnetModelIsTheHostWithTheOtherUnitsZeroAblated()
    {
        var zoo = TestZoos.Small;
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var subnet = zoo.Tasks[2].Truth;
        var model = SubnetModel.Of(zoo.Host, subnet);
        Assert.True(SubnetModel.MaxDifference(zoo.Host, subnet, model) < 1e-6);
        Assert.True(SubnetModel.MaxDifference(zoo.Host, subnet, zoo.Host) > 1e-2);
        // Its own task's head reads the subnet as the host's does with the rest ablated.
        var x = randn(new long[] { 40, zoo.Host.InputDim }, generator: new Generator(2));
        string task = zoo.Tasks[2].Name;
        Assert.True((model.Logits(x, task) - zoo.Host.Logits(x, task, subnet.Mask)).abs().max().item<float>() < 1e-5);

        SubnetModel.Write(model, dir.Path, About);
        var read = MlpHost.Load(dir.Path);
        Assert.True(SubnetModel.MaxDifference(zoo.Host, subnet, read) < 1e-6);
        // A dropped unit's row and bias, and its column in the layer above (every head's, in the last layer), are zero.
        for (int l = 0; l < read.Widths.Length; l++)
            foreach (int p in zoo.Host.Units.PositionsOf(l, UnitKind.Mlp))
            {
                int i = zoo.Host.Units[p].Id.Index;
                bool zero = read.Weights[l][i].abs().max().item<float>() == 0 && read.Biases[l][i].item<float>() == 0;
                var above = l + 1 < read.Widths.Length ? [read.Weights[l + 1]] : read.Heads.Select(h => h.Weight).ToArray();
                bool columnZero = above.All(w => w[.., i].abs().max().item<float>() == 0);
                Assert.Equal(!subnet.Contains(p), zero);
                Assert.Equal(!subnet.Contains(p), columnZero);
            }
    }

    [Fact]
    public void WritingOverWeightsNoExportWroteIsRefusedAndLeavesThem()
    {
        var zoo = TestZoos.Small;
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        zoo.Host.Save(dir.Path);
        byte[] before = File.ReadAllBytes(dir.File(MlpHost.WeightsFile));
        var e = Assert.Throws<SubxException>(() => SubnetModel.Write(SubnetModel.Of(zoo.Host, zoo.Tasks[0].Truth), dir.Path, About));
        Assert.Equal($"{dir.File(MlpHost.WeightsFile)}: (file): expected a folder that is new, empty of the files an export writes, or an earlier `subx export`, " +
            "found weights that no export wrote; choose another folder (nothing was written).", e.Message);
        Assert.Equal(before, File.ReadAllBytes(dir.File(MlpHost.WeightsFile)));

        // Nor is any other file an export would write, with no weights beside it (an SE run's config.json, say).
        using var run = new TempDir();
        File.WriteAllText(run.File("config.json"), "{}");
        e = Assert.Throws<SubxException>(() => SubnetModel.Write(SubnetModel.Of(zoo.Host, zoo.Tasks[0].Truth), run.Path, About));
        Assert.Equal($"{run.File("config.json")}: (file): expected a folder that is new, empty of the files an export writes, or an earlier `subx export`, " +
            "found a file of something else; choose another folder (nothing was written).", e.Message);
        Assert.Equal(["config.json"], Directory.GetFiles(run.Path).Select(Path.GetFileName));
        Assert.Equal("{}", File.ReadAllText(run.File("config.json")));

        // An earlier export is replaced.
        using var other = new TempDir();
        SubnetModel.Write(SubnetModel.Of(zoo.Host, zoo.Tasks[0].Truth), other.Path, About);
        SubnetModel.Write(SubnetModel.Of(zoo.Host, zoo.Tasks[1].Truth), other.Path, About);
        Assert.True(SubnetModel.MaxDifference(zoo.Host, zoo.Tasks[1].Truth, MlpHost.Load(other.Path)) < 1e-6);
    }
}
