using Subx.Assister;
using Subx.Extractors;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;
using TorchSharp;

namespace Subx.Tests.Runs;

/// <summary>README.md's "From C#" example, line for line (but for the output path), so that it stays true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void The_readme_example_extracts_judges_and_writes_a_standalone_subnet()
    {
        using var dir = new TempDir();
        string outFile = dir.File("afinn_sign-mask.safetensors");
        string printed;

        // ---- README.md, "From C#" ----
        using (var scope = torch.NewDisposeScope()) // every tensor made here is freed with it, none by the finalizer
        {
            var host = BertLoader.Load("minilm");
            var defaults = HostDefaults.For(host); // the budgets `subx` uses on a BERT host
            var request = new ExtractionRequest(host, BuiltInTasks.Load("afinn_sign"), BuiltInTasks.LoadDefaultDistractors("afinn_sign"),
                Size: 0.05, new RewardConfig(), new Scorer(host, defaults.Scorer), Seed: 0);
            var judged = Bench.Evaluate(ExtractorRegistry.Create("mask", defaults.Extractors), request,
                withControls: true, judge: new Scorer(host, defaults.Judge));
            var subnet = judged.Extraction.Subnet;
            printed = $"{subnet.UnitCount} units, score {judged.ScoreT:F3} (no subnet {judged.Controls!.NoSubnet:F3}), reward {judged.Reward.Total:F3} ± {judged.RewardStdError:F3}";
            Console.WriteLine(printed);
            Safetensors.Write(outFile, BertTransplant.ToTensors(host, subnet));
        }
        // ---- end of the example ----

        Assert.Matches(@"^\d+ units, score 0\.\d{3} \(no subnet 0\.\d{3}\), reward -?\d\.\d{3} ± 0\.\d{3}$", printed);
        var weights = Safetensors.Read(outFile);
        Assert.Contains(weights.Keys, k => k.StartsWith("encoder.layer.0.")); // every layer is written, with only the kept heads and neurons
    }
}
