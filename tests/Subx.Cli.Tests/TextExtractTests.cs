using System.Text.Json.Nodes;
using Subx.Hosts;

namespace Subx.Tests.Cli;

/// <summary>`subx extract` on the built-in MiniLM with built-in text tasks, on a small budget.</summary>
public class TextExtractTests
{
    [Fact]
    public void Extracts_a_subnet_of_minilm_for_a_built_in_text_task()
    {
        using var tmp = new TempDir();
        string dir = tmp["out"];
        var r = CliRunner.Run("extract", "--host", "minilm", "--task", "stopword_vs_content", "--distractors", "afinn_sign",
            "--extractor", "correlation", "--size", "0.02", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("host minilm: bert 6 layers, d 384, 12 heads of 32, mlp 1536; task stopword_vs_content (602 rows); distractors afinn_sign", r.Out);
        Assert.Contains("whole model (linear probe on M)", r.Out);

        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!.AsObject();
        Assert.Equal("minilm", m["host"]!.GetValue<string>());
        Assert.Equal(6 * (12 + 1536), m["unitScores"]!.AsObject().Count);
        Assert.InRange(m["size"]!.GetValue<double>(), 0.015, 0.02);
        Assert.False(m.ContainsKey("truth")); // only a zoo task has a planted truth
        double probe = m["wholeModelProbe"]!.GetValue<double>();
        Assert.InRange(probe, 0.3, 1.0); // stopwords vs content words: M's pooled output separates them well above chance
        // The knock-out reads M itself through a probe of its own (fewer rows): intact, it is that probe's score.
        var knockout = m["knockout"]!["tasks"]!.AsArray();
        Assert.Equal(["stopword_vs_content", "afinn_sign"], knockout.Select(k => k!["task"]!.GetValue<string>()));
        using (TorchSharp.torch.NewDisposeScope()) // as every command runs: no tensor left to the finalizer
            Assert.Equal(Subx.Scoring.WholeModelProbe.Score(Subx.Hosts.Bert.BertLoader.Load("minilm"), Subx.Tasks.BuiltInTasks.Load("stopword_vs_content"), Subx.Scoring.Knockout.Probe),
                knockout[0]!["intact"]!.GetValue<double>());
        Assert.Contains("knock-out in M: a probe on M's whole output, with units mean-ablated", r.Out);
        var units = m["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();

        // The standalone subnet: per layer only the kept heads' and neurons' weights, with their indices.
        var (tensors, metadata) = Safetensors.ReadWithMetadata(Path.Combine(dir, "subnet.safetensors"));
        var architecture = JsonNode.Parse(metadata["config"])!; // M's config.json: d_head even where no head is kept
        Assert.Equal((384, 12, 1e-12), (architecture["hidden_size"]!.GetValue<int>(), architecture["num_attention_heads"]!.GetValue<int>(), architecture["layer_norm_eps"]!.GetValue<double>()));
        for (int l = 0; l < 6; l++)
        {
            int neurons = units.Count(u => u.StartsWith($"layers.{l}.mlp["));
            int heads = units.Count(u => u.StartsWith($"layers.{l}.attn."));
            Assert.Equal([neurons, 384], tensors[$"encoder.layer.{l}.intermediate.dense.weight"].shape);
            Assert.Equal([384, neurons], tensors[$"encoder.layer.{l}.output.dense.weight"].shape);
            Assert.Equal([heads * 32, 384], tensors[$"encoder.layer.{l}.attention.self.query.weight"].shape);
            Assert.Equal(neurons, (int)tensors[$"encoder.layer.{l}.intermediate.neurons"].shape[0]);
            // The printed layout agrees with the file: the layer's kept heads by index, its neurons counted.
            var headIndices = units.Where(u => u.StartsWith($"layers.{l}.attn.")).Select(u => Subx.Units.UnitId.Parse(u).Index).Order();
            string row = $"│ {l}     │ {heads} of 12{(heads > 0 ? ": " + string.Join(", ", headIndices) : "")} ";
            Assert.Contains(row, r.Out);
            Assert.Contains($"{neurons} of 1536 (", r.Out.Split('\n').Single(line => line.Contains(row)));
        }
        Assert.Equal([30522, 384], tensors["embeddings.word_embeddings.weight"].shape);
    }

    [Fact]
    public void Trains_an_se_on_minilm_on_a_tiny_budget_and_summarises_each_target()
    {
        using var tmp = new TempDir();
        string run = tmp["run"], small = tmp["few_words.tsv"];
        // A task file of 120 words, 60 of each class: 18 validation rows, scores too coarse to go unmentioned.
        var words = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "stopword_vs_content.tsv")).Skip(1).ToList();
        File.WriteAllLines(small, words.GroupBy(l => l.Split('\t')[1]).SelectMany(g => g.Take(60)));
        var r = CliRunner.Run("train", "--host", "minilm", "--tasks", small, "--holdout", "spam_ham,sotu_party,liu_polarity,name_gender",
            "--iterations", "1", "--group-size", "2", "--distractors", "1", "--out", run);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warning: task 'few_words' has 18 validation rows (of 120)", r.Err);
        Assert.DoesNotContain("'afinn_sign' has", r.Err); // the built-in distractors are large enough
        Assert.Contains("learned gates on minilm: 3 tasks: 100%", r.Err); // the gates first, in a bar of their own
        Assert.Contains("few_words", r.Out);
        Assert.Contains($"report: {Path.Combine(run, "report.html")} (3 figures", r.Out); // no truth on text: no truth curves
        Assert.StartsWith("train: 1 iteration (1 in this run)", r.Out.TrimEnd().Split('\n')[^1]);
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.safetensors")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal(["few_words", "afinn_sign", "stopword_vs_content"], config["distractorPool"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(0.05, config["policy"]!["InitialKeepProbability"]!.GetValue<double>());
    }

    [Fact]
    public void A_zoo_task_name_on_a_bert_host_lists_the_built_in_tasks()
    {
        using var tmp = new TempDir();
        var r = CliRunner.Run("extract", "--host", "minilm", "--task", "linear0", "--extractor", "random", "--out", tmp["out"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--task: expected a built-in task (afinn_sign, spam_ham, liu_polarity, name_gender, sotu_party, stopword_vs_content) or a task file", r.Err);
        Assert.False(Directory.Exists(tmp["out"]));
    }

    [Fact]
    public void A_feature_task_file_on_a_bert_host_is_refused_naming_the_file()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp["numbers.tsv"], "x0\tx1\tlabel\n0.1\t0.2\ta\n0.3\t0.1\tb\n0.5\t0.5\ta\n0.2\t0.9\tb\n0.4\t0.7\ta\n0.8\t0.6\tb\n");
        var r = CliRunner.Run("extract", "--host", "minilm", "--task", tmp["numbers.tsv"], "--extractor", "random", "--out", tmp["out"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains($"--task '{tmp["numbers.tsv"]}'", r.Err);
        Assert.Contains("texts (a BERT host reads text)", r.Err);
    }
}

/// <summary>`subx bench` on MiniLM, on one small built-in task and two cheap extractors.</summary>
public class TextBenchCommandTests
{
    [Fact]
    public void Benches_minilm_on_a_built_in_task_with_controls_and_the_probe()
    {
        using var tmp = new TempDir();
        string json = tmp["bench.json"];
        var r = CliRunner.Run("bench", "--host", "minilm", "--tasks", "stopword_vs_content", "--extractors", "random,magnitude", "--json", json);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("stopword_vs_content: whole-model probe", r.Out);
        var node = JsonNode.Parse(File.ReadAllText(json))!;
        var task = node["tasks"]!.AsArray().Single()!;
        Assert.Equal("stopword_vs_content", task["task"]!.GetValue<string>());
        Assert.Equal(["spam_ham", "name_gender", "sotu_party"], task["distractors"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["random", "magnitude"], task["extractors"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.All(task["extractors"]!.AsArray(), e => Assert.InRange(e!["size"]!.GetValue<double>(), 0.04, 0.05));
        // Every score is judged over the text judge's repeats; the reward's standard error comes from them.
        int judged = Subx.Runs.HostDefaults.Text.Judge.Repeats;
        Assert.Equal(9, judged);
        Assert.All(task["extractors"]!.AsArray(), e =>
        {
            var repeats = e!["rewardRepeats"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
            Assert.Equal(judged, repeats.Count);
            Assert.Equal(e["reward"]!.GetValue<double>(), repeats.Average(), 9);
            Assert.InRange(e["rewardStdError"]!.GetValue<double>(), 1e-6, 0.2);
        });
    }

    [Fact]
    public void An_unknown_task_is_refused_listing_the_built_in_ones()
    {
        var r = CliRunner.Run("bench", "--host", "minilm", "--tasks", "no_such_task", "--extractors", "random");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--tasks: task: expected built-in tasks", r.Err);
    }
}
