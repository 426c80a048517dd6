using System.Text.Json.Nodes;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Units;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class ExportCommandTests(TinyZoo zoo)
{
    /// <summary>A copy of the tiny extraction's manifest in a folder of its own, with <paramref name="edit"/> applied.</summary>
    private string Manifest(Action<JsonNode>? edit = null)
    {
        string dir = zoo.Scratch("export");
        Directory.CreateDirectory(dir);
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(zoo.ExtractDir, "subnet.json")))!;
        edit?.Invoke(m);
        File.WriteAllText(Path.Combine(dir, "subnet.json"), m.ToJsonString());
        return dir;
    }

    [Fact]
    public void WritesTheZooSubnetAsAHostBesideItsManifest()
    {
        string dir = Manifest();
        var r = CliRunner.Run("export", "--subnet", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        string model = Path.Combine(dir, "model");
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.Equal($"wrote {model}: {Path.GetFullPath(zoo.Dir)} with only the 8 units of {Path.Combine(dir, "subnet.json")}", lines[^1]);
        Assert.Contains("8 of 20 units kept (size ", r.Out);
        Assert.Matches(@"read back, it computes M with the other units zero-ablated to within 0 \(largest difference of the last hidden layer and of every head's logits on 32 random inputs\)", r.Out);

        // The host the manifest records, with every unit outside the subnet zeroed.
        var host = Zoo.Load(zoo.Dir).Host;
        var subnet = Subnet.FromJsonUnits(host.Units, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!["units"], "test");
        var read = MlpHost.Load(model);
        for (int l = 0; l < host.Widths.Length; l++)
            foreach (int p in host.Units.PositionsOf(l, UnitKind.Mlp))
            {
                int i = host.Units[p].Id.Index;
                // A kept unit keeps its bias (its row loses only the columns of dropped units below).
                Assert.Equal(subnet.Contains(p) ? host.Biases[l][i].item<float>() : 0f, read.Biases[l][i].item<float>());
                Assert.Equal(!subnet.Contains(p), read.Weights[l][i].abs().max().item<float>() == 0);
            }
        // Not a zoo: --host says what it is.
        var asHost = CliRunner.Run("score", "--host", model, "--subnet", dir, "--task", "linear0");
        Assert.Equal(2, asHost.ExitCode);
        Assert.Contains($"error: {model}: --host: expected ", asHost.Err);
        Assert.Contains("found host.json without truth.json: an MLP host alone (`subx export` writes one), which Subx.Core's MlpHost.Load reads.", asHost.Err);

        var meta = JsonNode.Parse(Safetensors.ReadMetadata(Path.Combine(model, MlpHost.WeightsFile))["subx"])!;
        Assert.Equal("linear0", meta["task"]!.GetValue<string>());
        Assert.Equal(8, meta["units"]!.AsArray().Count);
    }

    [Fact]
    public void AHostThatIsGoneNeedsHostAndAnotherHostIsWarnedAbout()
    {
        string dir = Manifest(m => m["host"] = "/elsewhere/zoo");
        string file = Path.Combine(dir, "subnet.json");
        var r = CliRunner.Run("export", "--subnet", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {file}: host: expected a zoo folder (see `subx zoo`), a built-in BERT (minilm, arcticxs), a BERT .onnx file or a Hugging Face folder (or --host), found '/elsewhere/zoo', which is not there.", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "model")));

        r = CliRunner.Run("export", "--subnet", file, "--host", zoo.Dir, "--out", Path.Combine(dir, "elsewhere"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"warning: {file} was extracted from host '/elsewhere/zoo'; exporting it from '", r.Err);
        Assert.True(File.Exists(Path.Combine(dir, "elsewhere", MlpHost.WeightsFile)));
    }

    [Fact]
    public void WeightsNoExportWroteAreNotOverwritten()
    {
        // --out the zoo itself: its host.safetensors is not an export's.
        string weights = Path.Combine(zoo.Dir, MlpHost.WeightsFile);
        byte[] before = File.ReadAllBytes(weights);
        var r = CliRunner.Run("export", "--subnet", Manifest(), "--out", zoo.Dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {weights}: (file): expected a folder that is new, empty of the files an export writes, or an earlier `subx export`, found weights that no export wrote; choose another folder (nothing was written).", r.Err);
        Assert.Equal(before, File.ReadAllBytes(weights));
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void BadArguments()
    {
        var r = CliRunner.Run("export", "--subnet", "/no/such/subnet.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --subnet: expected a subnet.json file, found no file '/no/such/subnet.json'.", r.Err);
        r = CliRunner.Run("export");
        Assert.Contains("error: --subnet: expected a subnet.json file, found nothing.", r.Err);
        string array = Path.Combine(zoo.Scratch("array"), "subnet.json");
        Directory.CreateDirectory(Path.GetDirectoryName(array)!);
        File.WriteAllText(array, "[]");
        r = CliRunner.Run("export", "--subnet", array);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {array}: (file): expected a JSON object, found Array.", r.Err);
        r = CliRunner.Run("export", "--subnet", Manifest(), "--out", Path.Combine(zoo.ExtractDir, "subnet.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: --out: expected a folder, found the file '", r.Err);
    }

    [Fact]
    public void AMiniLmSubnetBecomesAHuggingFaceFolderThatSubxReadsAsAHost()
    {
        string dir = zoo.Scratch("minilm");
        Directory.CreateDirectory(dir);
        string[] units = ["layers.0.attn.head[3]", "layers.2.mlp[7]", "layers.5.mlp[100]"];
        File.WriteAllText(Path.Combine(dir, "subnet.json"), new JsonObject
        {
            ["host"] = "minilm", ["task"] = "afinn_sign", ["extractor"] = "by hand",
            ["units"] = new JsonArray([.. units.Select(u => (JsonNode)u)]),
        }.ToJsonString());
        var r = CliRunner.Run("export", "--subnet", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        string model = Path.Combine(dir, "model");
        Assert.Contains("3 of 9288 units kept", r.Out);
        Assert.Contains("files: model.safetensors, config.json, vocab.txt, tokenizer_config.json (", r.Out);
        Assert.Contains($"a Hugging Face BertModel folder: `--host {model}` reads it in subx", r.Out);
        Assert.Contains("zero-ablated to within 0 (largest difference of the mean-pooled last hidden state", r.Out);
        var host = BertLoader.Load(model);
        Assert.Equal(0f, host.Layers[0].Wq.narrow(0, 0, 3 * host.Config.HeadDim).abs().max().item<float>());
        Assert.NotEqual(0f, host.Layers[0].Wq.narrow(0, 3 * host.Config.HeadDim, host.Config.HeadDim).abs().max().item<float>());
    }
}
