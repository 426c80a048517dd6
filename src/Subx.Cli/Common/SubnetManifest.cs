using System.Text.Json.Nodes;
using Subx.Extractors;
using Subx.Hosts;
using Subx.Rewards;
using Subx.Runs;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Cli.Common;

/// <summary>
/// `subnet.json`, the manifest `subx extract` writes and `subx score` reads:
/// `{"host", "task", "extractor", "size", "units":[paths], "unitScores":{path: score},
/// "scores":{"task", "distractors":{name: score}}, "reward":{"total", …every term, "stdError", "repeats":[total per judge repeat]},
/// "controls":{"noSubnet", "reinitialized", "randomUnits"}, "config":{…}}`.
/// </summary>
internal static class SubnetManifest
{
    /// <summary>File name of the manifest in an extract folder.</summary>
    public const string FileName = RunFiles.Manifest;
    /// <summary>File name of the subnet's weights in an extract folder.</summary>
    public const string WeightsFileName = RunFiles.Weights;

    /// <summary>The manifest of one extraction.</summary>
    public static JsonObject Build(string host, string task, IExtractor extractor, Evaluation e, IReadOnlyList<string> distractorNames, JsonObject config)
    {
        var subnet = e.Extraction.Subnet;
        var space = subnet.Space;
        var unitScores = new JsonObject();
        for (int i = 0; i < space.Count; i++) unitScores[space[i].Id.ToString()] = e.Extraction.UnitScores[i];
        var distractors = new JsonObject();
        for (int i = 0; i < distractorNames.Count; i++) distractors[distractorNames[i]] = e.DistractorScores[i];
        var controls = e.Controls ?? throw new ArgumentException("the manifest needs T's controls; evaluate with controls");
        var reward = (JsonObject)Json.Node(e.Reward);
        reward["stdError"] = e.RewardStdError;
        reward["repeats"] = new JsonArray(e.RewardRepeats.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        return new JsonObject
        {
            ["host"] = host,
            ["task"] = task,
            ["extractor"] = extractor.Name,
            ["size"] = subnet.Size,
            ["units"] = subnet.ToJsonUnits(),
            ["unitScores"] = unitScores,
            ["scores"] = new JsonObject { ["task"] = e.ScoreT, ["distractors"] = distractors },
            ["reward"] = reward,
            ["controls"] = new JsonObject
            {
                ["noSubnet"] = controls.NoSubnet,
                ["reinitialized"] = controls.Reinitialized,
                ["randomUnits"] = controls.RandomUnits,
            },
            ["config"] = config,
        };
    }

    /// <summary>
    /// The manifest's `continueCheck`: the continued subnet against the zero-shot one on validation
    /// fine-tunes, and which was kept (`"continued"` or `"zero-shot"`; `"same subnet"` when continued
    /// training ended where it started and nothing was scored).
    /// </summary>
    public static JsonObject ContinueCheck(Subx.Extractors.Policy.ContinueCheck check) => check.SameSubnet
        ? new JsonObject { ["kept"] = check.Kept, ["fineTunes"] = 0 }
        : new JsonObject
        {
            ["kept"] = check.Kept,
            ["zeroShotReward"] = check.StartReward,
            ["continuedReward"] = check.EndReward,
            ["difference"] = check.Difference,
            ["stdError"] = check.StandardError,
            ["fineTunes"] = check.FineTunes,
        };

    /// <summary>
    /// The manifest's `sizeCurve`: for each size asked, the ranking's top units within it judged as the
    /// subnet is — `[{"budget", "size", "units", "scoreT", "randomUnits", "distractors": {name: score}, "reward", "rewardStdError"}]`.
    /// </summary>
    public static JsonArray SizeCurve(IReadOnlyList<SizePoint> curve, IReadOnlyList<Subx.Tasks.TaskData> distractors) =>
        new([.. curve.Select(p => (JsonNode)new JsonObject
        {
            ["budget"] = p.Budget,
            ["size"] = p.Subnet.Size,
            ["units"] = p.Subnet.UnitCount,
            ["scoreT"] = p.ScoreT,
            ["randomUnits"] = p.RandomUnits,
            ["distractors"] = new JsonObject(distractors.Select((d, i) => KeyValuePair.Create(d.Name, (JsonNode?)JsonValue.Create(p.DistractorScores[i])))),
            ["reward"] = p.Reward.Total,
            ["rewardStdError"] = p.RewardStdError,
        })]);

    /// <summary>
    /// The manifest's `knockout`: M's own representation of T (first) and of each distractor read by
    /// a linear probe fitted on intact M (<see cref="Scoring.Knockout.Probe"/>): intact, with the subnet's
    /// units ablated, with random units of the same size ablated, with every unit but the subnet's ablated,
    /// and with every unit but the random ones ablated — `{"ablation": "mean", "resample" or "zero", "randomDraws",
    /// "tasks": [{"task", "intact", "withoutSubnet", "withoutRandom": [per draw], "onlySubnet", "onlyRandom": [per draw]}]}`.
    /// </summary>
    public static JsonObject Knockout(IReadOnlyList<KnockoutScore> scores, Ablation ablation, int randomDraws) => new()
    {
        ["ablation"] = ablation.Name(),
        ["randomDraws"] = randomDraws,
        ["tasks"] = new JsonArray([.. scores.Select(k => (JsonNode)k.ToJson(new JsonObject { ["task"] = k.Task }))]),
    };

    /// <summary>The resolved config of an extraction: seed, size budget, scorer, assister, reward and extractor (with its options, e.g. `se`'s policy folder; null for none).</summary>
    public static JsonObject Config(int seed, double? size, ScorerConfig scorer, RewardConfig reward, IExtractor extractor, JsonObject? options = null)
    {
        var scorerNode = Json.Node(scorer);
        var assister = scorerNode["assister"]!.DeepClone();
        scorerNode.Remove("assister");
        return new JsonObject
        {
            ["seed"] = seed,
            ["size"] = size,
            ["scorer"] = scorerNode,
            ["assister"] = assister,
            ["reward"] = Json.Node(reward),
            ["extractor"] = new JsonObject
            {
                ["name"] = extractor.Name,
                ["description"] = extractor.Description,
                ["selection"] = size is null
                    ? $"the extractor's own threshold, or else the best reward over sizes {string.Join(", ", Selection.SweepSizes)}"
                    : "the top units within the size budget",
                ["options"] = options,
            },
        };
    }

    /// <summary>
    /// A manifest with its host — <paramref name="hostOption"/>, else the host the manifest records — and its
    /// subnet checked against that host. A recorded host that is not there needs the option; a host given
    /// that differs from the recorded one is warned about ("extracted from host X; <paramref name="doing"/> Y",
    /// e.g. "scoring it on"). Also the ablation its knock-out used, as <see cref="ReadSubnet"/> gives it.
    /// </summary>
    public static (ResolvedHost Host, Subnet Subnet, JsonNode Manifest, Ablation? Ablation) ReadWithHost(string path, string? hostOption, Reporter reporter, string doing)
    {
        var manifest = Json.Read(path, $"a subnet manifest ({FileName}, as `subx extract` writes)");
        if (manifest is not JsonObject) throw SubxException.Bad(path, "(file)", "a JSON object", manifest.GetValueKind().ToString());
        string? recorded = manifest["host"] is JsonValue h && h.TryGetValue<string>(out var name) ? name : null;
        if (hostOption is null && recorded is not null && HostArgument.Check(recorded) is { Successful: false })
            throw SubxException.Bad(path, "host", $"{HostArgument.Expected} (or --host)", $"'{recorded}', which is not there");
        var host = HostArgument.Load(hostOption ?? recorded);
        var (subnet, _, ablation) = ReadSubnet(path, host.Host);
        if (hostOption is not null && recorded is not null && recorded != host.Name)
            reporter.Warn($"{path} was extracted from host '{recorded}'; {doing} '{host.Name}'.");
        return (host, subnet, manifest, ablation);
    }

    /// <summary>
    /// The subnet a manifest names, checked unit by unit against the host; the host the manifest records
    /// and the ablation its knock-out used (null if it records none).
    /// </summary>
    public static (Subnet Subnet, string? Host, Ablation? Ablation) ReadSubnet(string path, IHost host)
    {
        var node = Json.Read(path, $"a subnet manifest ({FileName}, as `subx extract` writes)");
        if (node is not JsonObject) throw SubxException.Bad(path, "(file)", "a JSON object", node.GetValueKind().ToString());
        string? recorded = node["host"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        Ablation? ablation = node["knockout"]?["ablation"] switch
        {
            null => null,
            JsonValue a when a.TryGetValue<string>(out var name) && AblationArgument.Parse(name) is { } parsed => parsed,
            var other => throw SubxException.Bad(path, "knockout.ablation", "mean, resample or zero",
                other is JsonValue o && o.TryGetValue<string>(out var text) ? $"'{text}'" : other.ToJsonString()),
        };
        return (Subnet.FromJsonUnits(host.Units, node["units"], path), recorded, ablation);
    }
}
