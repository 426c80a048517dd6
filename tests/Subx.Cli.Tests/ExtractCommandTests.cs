using System.Text.Json.Nodes;
using Subx.Hosts;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class ExtractCommandTests(TinyZoo zoo)
{
    [Theory]
    [InlineData("random")]
    [InlineData("magnitude")]
    public void WritesTheManifestAndTheTransplantWeights(string extractor)
    {
        string dir = zoo.Scratch(extractor);
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", extractor, "--size", "0.4", "--seed", "3", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith($"wrote {Path.Combine(dir, "subnet.json")}: ", r.Out.TrimEnd().Split('\n')[^1]);

        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!.AsObject();
        Assert.Equal(["host", "task", "extractor", "size", "units", "unitScores", "scores", "reward", "controls", "config", "knockout", "truth"], m.Select(kv => kv.Key));
        Assert.Equal(Path.GetFullPath(zoo.Dir), m["host"]!.GetValue<string>());
        Assert.Equal("linear0", m["task"]!.GetValue<string>());
        Assert.Equal(extractor, m["extractor"]!.GetValue<string>());
        double size = m["size"]!.GetValue<double>();
        Assert.InRange(size, 0.3, 0.4);
        var units = m["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.NotEmpty(units);
        var unitScores = m["unitScores"]!.AsObject();
        Assert.Equal(20, unitScores.Count); // every unit of the host, kept or not
        Assert.All(units, u => Assert.True(unitScores.ContainsKey(u)));
        Assert.Equal(["linear1"], m["scores"]!["distractors"]!.AsObject().Select(kv => kv.Key)); // default: every other task
        var reward = m["reward"]!.AsObject();
        Assert.Equal(["total", "scoreT", "meanDistractorScore", "distractorTerm", "size", "sizeTerm", "overlap", "overlapTerm", "stdError", "repeats"], reward.Select(kv => kv.Key));
        var repeats = reward["repeats"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal(Subx.Runs.HostDefaults.Zoo.Judge.Repeats, repeats.Count);
        Assert.Equal(reward["total"]!.GetValue<double>(), repeats.Average(), 9);
        Assert.Equal(Subx.Scoring.Spread.StandardError(repeats), reward["stdError"]!.GetValue<double>(), 12);
        Assert.Equal(m["scores"]!["task"]!.GetValue<double>(), reward["scoreT"]!.GetValue<double>());
        Assert.Equal(reward["scoreT"]!.GetValue<double>() - reward["distractorTerm"]!.GetValue<double>() - reward["sizeTerm"]!.GetValue<double>() - reward["overlapTerm"]!.GetValue<double>(),
            reward["total"]!.GetValue<double>(), 12);
        Assert.Equal(["noSubnet", "reinitialized", "randomUnits"], m["controls"]!.AsObject().Select(kv => kv.Key));
        var config = m["config"]!;
        Assert.Equal(3, config["seed"]!.GetValue<int>());
        Assert.Equal(0.4, config["size"]!.GetValue<double>());
        Assert.Equal(10, config["scorer"]!["steps"]!.GetValue<int>());
        Assert.Equal("identity", config["assister"]!["encoder"]!.GetValue<string>());
        Assert.Equal(0.5, config["reward"]!["sizePenalty"]!.GetValue<double>());
        Assert.Equal(extractor, config["extractor"]!["name"]!.GetValue<string>());

        // The weights: one weight, bias and unit list per layer, as many rows as units kept in that layer.
        var (tensors, metadata) = Safetensors.ReadWithMetadata(Path.Combine(dir, "subnet.safetensors"));
        // The file describes itself: the host's architecture and what the subnet is of.
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("[10,10]", JsonNode.Parse(metadata["config"])!["hidden"]!.ToJsonString());
        var about = JsonNode.Parse(metadata["subx"])!;
        Assert.Equal(("linear0", extractor, units.Count), (about["task"]!.GetValue<string>(), about["extractor"]!.GetValue<string>(), about["units"]!.GetValue<int>()));
        Assert.Equal(["layers.0.bias", "layers.0.units", "layers.0.weight", "layers.1.bias", "layers.1.units", "layers.1.weight"], tensors.Keys.Order());
        for (int l = 0; l < 2; l++)
            Assert.Equal(units.Count(u => u.StartsWith($"layers.{l}.")), (int)tensors[$"layers.{l}.weight"].shape[0]);
        Assert.Equal(8, (int)tensors["layers.0.weight"].shape[1]); // the host's inputs

        // A zoo task is judged against its planted truth (truth.json), in the manifest and on screen.
        var planted = JsonNode.Parse(File.ReadAllText(Path.Combine(zoo.Dir, "truth.json")))!["tasks"]!.AsArray()
            .Single(t => t!["name"]!.GetValue<string>() == "linear0")!["units"]!.AsArray().Select(u => u!.GetValue<string>()).ToHashSet();
        int hits = units.Count(planted.Contains);
        var truth = m["truth"]!;
        Assert.Equal((double)hits / units.Count, truth["precision"]!.GetValue<double>(), 12);
        Assert.Equal((double)hits / planted.Count, truth["recall"]!.GetValue<double>(), 12);
        Assert.Equal(planted.Count, truth["units"]!.GetValue<int>());
        Assert.InRange(truth["auc"]!.GetValue<double>(), 0, 1);
        string Three(string key) => truth[key]!.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"against the planted truth ({planted.Count} units, size {Three("size")}): precision {Three("precision")}, recall {Three("recall")}, F1 {Three("f1")}, ROC-AUC of the unit scores {Three("auc")}", r.Out);

        // The report, made from the files just written: the page, and its figures beside it (the ROC
        // curve from the truth's units, which the manifest lists).
        Assert.Equal(planted.Order(), truth["paths"]!.AsArray().Select(u => u!.GetValue<string>()).Order());
        Assert.Contains($"report: {Path.Combine(dir, "report.html")} (5 figures, also as scores.png, knockout.png, layers.png, unit-scores.png, roc.png in {dir})", r.Out);
        Assert.Contains("Against the planted truth", File.ReadAllText(Path.Combine(dir, "report.html")));
        foreach (var png in new[] { "scores.png", "layers.png", "unit-scores.png", "roc.png" })
            Assert.True(new FileInfo(Path.Combine(dir, png)).Length > 1000, $"{png} missing or empty");

        // The knock-out: M's own probe on T, then on each distractor, intact, without the subnet's units
        // and without random units of its size, then with them alone, in the manifest and as a table.
        var knockout = m["knockout"]!.AsObject();
        Assert.Equal("mean", knockout["ablation"]!.GetValue<string>());
        Assert.Equal(Subx.Scoring.Knockout.RandomDraws, knockout["randomDraws"]!.GetValue<int>());
        Assert.Contains("knock-out in M: a probe on M's whole output, with units mean-ablated", r.Out);
        Assert.Contains("(their range); a mean-ablated unit writes its mean output on the task's train rows (on a BERT, at the token's role); \"alone\": every other unit ablated", r.Out);
        var rows = knockout["tasks"]!.AsArray().Select(k => k!.AsObject()).ToList();
        Assert.Equal(["linear0", "linear1"], rows.Select(k => k["task"]!.GetValue<string>()));
        foreach (var k in rows)
        {
            Assert.Equal(["task", "intact", "withoutSubnet", "withoutRandom", "onlySubnet", "onlyRandom"], k.Select(kv => kv.Key));
            Assert.Equal(Subx.Scoring.Knockout.RandomDraws, k["withoutRandom"]!.AsArray().Count);
            Assert.Matches(KnockoutRow(k, k["task"]!.GetValue<string>() == "linear0"), r.Out);
        }
        Assert.True(rows[0]["intact"]!.GetValue<double>() > 0.5, "intact M's probe reads linear0");

        // The printed layout: each layer's kept units out of its 10.
        Assert.Contains("where the subnet lies, layer by layer:", r.Out);
        for (int l = 0; l < 2; l++)
        {
            int kept = units.Count(u => u.StartsWith($"layers.{l}."));
            Assert.Contains($"│ {l}     │ {kept} of 10 ({(kept * 10.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}%)", r.Out);
        }
    }

    [Fact]
    public void TheSizeCurveCutsTheSameRankingAtEachSizeAndJudgesItAsTheSubnet()
    {
        string dir = zoo.Scratch("curve");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "magnitude", "--size", "0.4", "--curve", "0.8, 0.2,0.4", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        var curve = m["sizeCurve"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal([0.2, 0.4, 0.8], curve.Select(p => p["budget"]!.GetValue<double>())); // ascending, whatever the order given
        Assert.Equal(["budget", "size", "units", "scoreT", "randomUnits", "distractors", "reward", "rewardStdError"], curve[0].Select(kv => kv.Key));
        var sizes = curve.Select(p => p["size"]!.GetValue<double>()).ToList();
        var units = curve.Select(p => p["units"]!.GetValue<int>()).ToList();
        Assert.True(sizes[0] < sizes[1] && sizes[1] < sizes[2] && units[0] < units[1] && units[1] < units[2], string.Join(", ", sizes));
        for (int i = 0; i < 3; i++) Assert.InRange(sizes[i], 0, curve[i]["budget"]!.GetValue<double>() + 1e-9);
        Assert.Equal(["linear1"], curve[0]["distractors"]!.AsObject().Select(kv => kv.Key));

        // The point at the extraction's own size is the subnet itself, judged on the same seeds: its scores are the subnet's.
        var own = curve[1];
        Assert.Equal(m["size"]!.GetValue<double>(), own["size"]!.GetValue<double>(), 12);
        Assert.Equal(m["units"]!.AsArray().Count, own["units"]!.GetValue<int>());
        // (To three decimals, as batched and one-by-one scoring agree: ScorerTests.)
        Assert.Equal(m["scores"]!["task"]!.GetValue<double>(), own["scoreT"]!.GetValue<double>(), 3);
        Assert.Equal(m["scores"]!["distractors"]!["linear1"]!.GetValue<double>(), own["distractors"]!["linear1"]!.GetValue<double>(), 3);
        Assert.Equal(m["reward"]!["total"]!.GetValue<double>(), own["reward"]!.GetValue<double>(), 3);
        // Its random-units control is the subnet's: the same draws, as the control is seeded by the judge's repeats.
        Assert.Equal(m["controls"]!["randomUnits"]!.GetValue<double>(), own["randomUnits"]!.GetValue<double>(), 3);

        Assert.Contains("the same ranking cut at other sizes (linear0)", r.Out);
        Assert.Contains($"│ {own["size"]!.GetValue<double>().ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} (this subnet) │", r.Out);
        Assert.Contains("size-curve.png", r.Out);
        Assert.Contains("The same ranking at other sizes", File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.True(new FileInfo(Path.Combine(dir, "size-curve.png")).Length > 1000);
    }

    [Theory]
    [InlineData("0.1,abc", "found 'abc'")]
    [InlineData("0.1,0", "found '0'")]
    [InlineData("1.5", "found '1.5'")]
    [InlineData(" , ", "")]
    public void ASizeCurveOfSomethingOtherThanFractions(string curve, string found)
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--curve", curve, "--out", dir);
        AssertBadInput(r, dir, found.Length == 0
            ? "error: --curve: expected a comma list of sizes such as 0.01,0.05,0.1, found an empty list."
            : $"error: --curve: expected fractions of the host's unit parameters in (0, 1], separated by commas, {found}.");
    }

    [Fact]
    public void WithoutASizeTheExtractorChoosesAndTheSizePenaltyIsRecorded()
    {
        string dir = zoo.Scratch("penalty");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--distractors", "linear0", "--extractor", "magnitude",
            "--size-penalty", "0.25", "--distractor-weight", "0.5", "--no-knockout", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        Assert.Null(m["knockout"]); // --no-knockout: neither in the manifest nor on screen
        Assert.DoesNotContain("knock-out in M", r.Out);
        Assert.Null(m["config"]!["size"]);
        Assert.Equal(0.25, m["config"]!["reward"]!["sizePenalty"]!.GetValue<double>());
        Assert.Equal(0.5, m["config"]!["reward"]!["distractorWeight"]!.GetValue<double>());
        Assert.Equal(0.25 * m["size"]!.GetValue<double>(), m["reward"]!["sizeTerm"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void TheSeExtractsZeroShotWithATrainedPolicy()
    {
        string dir = zoo.Scratch("se");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--extractor", "se", "--policy", zoo.Run, "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith($"wrote {Path.Combine(dir, "subnet.json")}: ", r.Out.TrimEnd().Split('\n')[^1]);
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        Assert.Equal("se", m["extractor"]!.GetValue<string>());
        Assert.Equal(20, m["unitScores"]!.AsObject().Count);
        var options = m["config"]!["extractor"]!["options"]!;
        Assert.Equal(Path.GetFullPath(zoo.Run), options["policy"]!.GetValue<string>());
        Assert.Equal(0, options["continueIterations"]!.GetValue<int>());
        Assert.Equal(1, options["gateFits"]!.GetValue<int>());
        Assert.Contains("zero-shot", m["config"]!["extractor"]!["description"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(dir, "subnet.safetensors")));
        Assert.DoesNotContain("warning", r.Err); // the SE's own host
    }

    [Fact]
    public void TheSesContinuedTrainingAtABudgetSamplesAroundItAndSaysSo()
    {
        string dir = zoo.Scratch("se-continue");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--extractor", "se", "--policy", zoo.Run,
            "--continue", "2", "--size", "0.3", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        var options = m["config"]!["extractor"]!["options"]!;
        Assert.Equal(2, options["continueIterations"]!.GetValue<int>());
        Assert.Equal(0.3, options["continueSampleSize"]!.GetValue<double>());
        Assert.Equal(Subx.Runs.HostDefaults.Zoo.Extractors.BudgetLearningRate, options["continueLearningRate"]!.GetValue<double>());
        Assert.Contains("continued training", m["config"]!["extractor"]!["description"]!.GetValue<string>());
        Assert.Equal(Subx.Runs.HostDefaults.Zoo.Extractors.ContinueCheckSeeds, options["continueCheckSeeds"]!.GetValue<int>());
        // Which subnet continued training handed over, and why, is in the manifest and on the page.
        var check = m["continueCheck"]!;
        string kept = check["kept"]!.GetValue<string>();
        Assert.Contains(kept, new[] { "continued", "zero-shot", "same subnet" });
        Assert.Contains(kept == "same subnet" ? "continued training ended on the zero-shot subnet" : "validation fine-tune", r.Out);
        if (kept != "same subnet")
            Assert.Equal(check["continuedReward"]!.GetValue<double>() - check["zeroShotReward"]!.GetValue<double>(), check["difference"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void AnSeTrainedOnAnotherHostExtractsWithAWarning()
    {
        // A zoo with five units per task is another host (its layers are wider) with the same inputs: the SE
        // reads it, but says so. (This seed and budget pass the zoo's accuracy and ablation checks.)
        string other = zoo.Scratch("wider");
        var args = TinyZoo.ZooArgs.ToArray();
        args[Array.IndexOf(args, "--group") + 1] = "5";
        args[Array.IndexOf(args, "--steps") + 1] = "600";
        var build = CliRunner.Run(["zoo", "--out", other, .. args]);
        Assert.True(build.ExitCode == 0, build.ToString());
        var r = CliRunner.Run("extract", "--host", other, "--task", "linear1", "--extractor", "se", "--policy", zoo.Run, "--out", zoo.Scratch("se"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"warning: the SE in '{zoo.Run}' was trained on mlp 8→10→10 relu, 2 heads; extracting from mlp 8→12→12 relu, 2 heads.", r.Err);
    }

    [Fact]
    public void RlUnitTakesItsIterations()
    {
        string dir = zoo.Scratch("rl");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "rl-unit", "--rl-iterations", "2", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        Assert.Equal("rl-unit", m["extractor"]!.GetValue<string>());
        Assert.Equal(2, m["config"]!["extractor"]!["options"]!["rlIterations"]!.GetValue<int>());
        Assert.StartsWith("REINFORCE over one logit per unit, 2 iterations", m["config"]!["extractor"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void PolicyWithAnotherExtractorNamesBoth()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "magnitude", "--policy", zoo.Run, "--out", dir);
        AssertBadInput(r, dir, "error: --policy: expected --extractor se (a trained SE's run folder is for it alone), found --extractor magnitude.");
    }

    [Fact]
    public void SeWithoutAPolicyNamesBoth()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "se", "--out", dir);
        AssertBadInput(r, dir, "error: --extractor se: expected --policy RUN, the run folder of a trained SE (`subx train --out RUN`), found no --policy.");
    }

    [Fact]
    public void PolicyFolderWithoutACheckpoint()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "se", "--policy", zoo.Dir, "--out", dir);
        AssertBadInput(r, dir, $"error: --policy: expected the run folder of a trained SE, with checkpoint.safetensors (`subx train --out RUN`), found none in '{zoo.Dir}'.");
    }

    [Theory]
    [InlineData("magnitude", new[] { "--continue", "5" }, "error: --continue: expected --extractor se (continued training is the SE's), found --extractor magnitude.")]
    [InlineData("magnitude", new[] { "--rl-iterations", "5" }, "error: --rl-iterations: expected --extractor rl-unit, found --extractor magnitude.")]
    [InlineData("rl-unit", new[] { "--rl-iterations", "0" }, "error: --rl-iterations: expected at least 1, found 0.")]
    [InlineData("mask", new[] { "--gate-fits", "3" }, "error: --gate-fits: expected --extractor se (the gates are the SE's observation), found --extractor mask.")]
    [InlineData("se", new[] { "--policy", "RUN", "--gate-fits", "0" }, "error: --gate-fits: expected at least 1 fit, found 0.")]
    public void ExtractorOptionsForTheWrongExtractorOrOutOfRange(string extractor, string[] options, string message)
    {
        string dir = zoo.Scratch("out");
        // RUN stands for the test zoo's trained SE, which a zoo needs before any option of the SE's is checked.
        var r = CliRunner.Run(["extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", extractor, .. options.Select(o => o == "RUN" ? zoo.Run : o), "--out", dir]);
        AssertBadInput(r, dir, message);
    }

    [Fact]
    public void MissingHostFolder()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", "/no/such/zoo", "--task", "linear0", "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, "error: --host: expected a zoo folder", "found no such folder or file '/no/such/zoo'");
    }

    [Fact]
    public void UnknownExtractorListsTheKnownOnes()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "oracle", "--out", dir);
        AssertBadInput(r, dir, $"error: --extractor: expected one of {string.Join(", ", Subx.Extractors.ExtractorRegistry.Names)}, found 'oracle'.");
    }

    [Fact]
    public void UnknownTaskListsTheZoosTasks()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear7", "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, "error: --task: expected a task of the zoo (linear0, linear1) or a task file", "found 'linear7'");
    }

    [Fact]
    public void UnknownDistractorListsTheZoosTasks()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--distractors", "linear1,parity9", "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, "error: --distractors: expected a task of the zoo (linear0, linear1)", "found 'parity9'");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void SizeOutsideZeroOne(string size)
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--size", size, "--out", dir);
        AssertBadInput(r, dir, $"error: --size: expected a fraction of the host's unit parameters in (0, 1], found {size}.");
    }


    [Fact]
    public void ZeroAblationIsRecordedPrintedAndKeptByScore()
    {
        string dir = zoo.Scratch("zero");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear1", "--distractors", "linear0", "--extractor", "magnitude", "--ablation", "Zero", "--out", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "subnet.json")))!;
        Assert.Equal("zero", m["knockout"]!["ablation"]!.GetValue<string>());
        Assert.Contains("knock-out in M: a probe on M's whole output, with units zeroed", r.Out);
        string row = KnockoutRow(m["knockout"]!["tasks"]![0]!.AsObject(), isT: true);
        Assert.Matches(row, r.Out);
        // `score` knocks out as the manifest records, unless told otherwise; mean-ablation reads other numbers.
        var again = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", dir, "--task", "linear1");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(row, again.Out);
        var mean = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", dir, "--task", "linear1", "--ablation", "mean");
        Assert.Contains("with units mean-ablated", mean.Out);
        Assert.DoesNotMatch(row, mean.Out);
        var resample = CliRunner.Run("score", "--host", zoo.Dir, "--subnet", dir, "--task", "linear1", "--ablation", "resample");
        Assert.Contains("with units resample-ablated", resample.Out);
        Assert.DoesNotMatch(row, resample.Out);
    }

    [Theory]
    [InlineData(new[] { "--ablation", "patch" }, "error: --ablation: expected mean, resample or zero, found 'patch'.")]
    [InlineData(new[] { "--ablation", "zero", "--no-knockout" }, "error: --ablation: expected a knock-out to ablate for, found --no-knockout.")]
    public void ABadAblation(string[] options, string message)
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run(["extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", .. options, "--out", dir]);
        AssertBadInput(r, dir, message);
    }

    [Fact]
    public void TaskAmongItsOwnDistractors()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--distractors", "linear1,linear0", "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, "error: --distractors: expected tasks other than the task T 'linear0', found 'linear0' among them");
    }

    [Fact]
    public void AFolderHoldingAnotherExtractionIsNotOverwritten()
    {
        // zoo.ExtractDir holds magnitude's subnet of linear0; random's would have replaced it without a word.
        var before = Directory.GetFiles(zoo.ExtractDir).ToDictionary(f => f, File.ReadAllBytes);
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--out", zoo.ExtractDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: --out: '{zoo.ExtractDir}' holds the subnet of task 'linear0' by extractor 'magnitude'", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void TwoDistractorsWithOneName()
    {
        // A task file's name is its stem: a copy of linear1.tsv elsewhere is also 'linear1', and the
        // scores, keyed by name, kept one of the two.
        string dir = zoo.Scratch("out"), copy = Path.Combine(zoo.Scratch("tasks"), "linear1.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(Path.Combine(zoo.Dir, "tasks", "linear1.tsv"), copy);
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--distractors", $"linear1,{copy}", "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, "error: --distractors: expected tasks with distinct names (a task file's name is its stem), found 'linear1' twice.");
    }

    [Fact]
    public void ASmallTaskFileIsScoredWithAWarningThatItsScoresAreCoarse()
    {
        string file = Path.Combine(zoo.Scratch("tasks"), "small.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllLines(file, File.ReadLines(Path.Combine(zoo.Dir, "tasks", "linear1.tsv")).Take(201)); // header + 200 rows
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", file, "--extractor", "magnitude", "--size", "0.4", "--out", zoo.Scratch("out"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warning: task 'small' has 30 validation rows (of 200): one row moves its scores by several hundredths", r.Err);
        Assert.DoesNotContain("linear0' has", r.Err); // the zoo's own tasks are large enough
    }

    [Fact]
    public void ATaskFileWithAClassTooSmallToScore()
    {
        // One row of class 1 among many of class 0: the validation split held one class, and every score was 1.000.
        string dir = zoo.Scratch("out"), file = Path.Combine(zoo.Scratch("tasks"), "skew.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var lines = File.ReadLines(Path.Combine(zoo.Dir, "tasks", "linear1.tsv")).Take(301).ToList();
        File.WriteAllLines(file, lines.Select((l, i) => i == 0 ? l : l[..l.LastIndexOf('\t')] + (i == 1 ? "\t1" : "\t0")));
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", file, "--extractor", "random", "--out", dir);
        AssertBadInput(r, dir, $"{file}: label: expected at least 3 rows of every class (one each for training, validation and test), found 1 row of class '1'.");
    }

    [Fact]
    public void SizeAndSizePenaltyTogether()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--size", "0.2", "--size-penalty", "1", "--out", dir);
        AssertBadInput(r, dir, "error: --size-penalty: expected either --size or --size-penalty, found both.");
    }

    [Fact]
    public void MistypedOptionIsAnError()
    {
        string dir = zoo.Scratch("out");
        var r = CliRunner.Run("extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "random", "--sise", "0.2", "--out", dir);
        AssertBadInput(r, dir, "error: ", "sise");
    }

    private static void AssertBadInput(CliResult r, string outDir, params string[] messageParts)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        foreach (var part in messageParts) Assert.Contains(part, r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.False(Directory.Exists(outDir), $"{outDir} was created");
    }

    /// <summary>The knock-out table's row for one task of a manifest's `knockout.tasks`, as a pattern of the printed table.</summary>
    internal static string KnockoutRow(JsonObject k, bool isT)
    {
        static string F(double v) => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        string Draws(string field)
        {
            var v = k[field]!.AsArray().Select(x => x!.GetValue<double>()).ToList();
            return $@"{F(v.Average())} \({F(v.Min())}–{F(v.Max())}\)";
        }
        string name = System.Text.RegularExpressions.Regex.Escape(k["task"]!.GetValue<string>() + (isT ? " (T)" : ""));
        return $@"│ {name} +│ +{F(k["intact"]!.GetValue<double>())} │ +{F(k["withoutSubnet"]!.GetValue<double>())} │ +{Draws("withoutRandom")} │ +{F(k["onlySubnet"]!.GetValue<double>())} │ +{Draws("onlyRandom")} │";
    }
}
