using System.Text.Json.Nodes;
using SkiaSharp;

namespace Subx.Tests.Reports;

/// <summary>Small hand-made files of the kinds the reports read, with numbers a test can check.</summary>
internal static class Manifests
{
    /// <summary>
    /// An extraction of a 2-layer host with <paramref name="heads"/> heads and 4 neurons a layer: unit
    /// scores count up from −1 by 0.25 (heads first in each layer), and the subnet keeps the units
    /// whose score is above <paramref name="keepAbove"/>. Without heads and at 0.2: layer 1's neurons 1–3.
    /// </summary>
    public static JsonObject Extraction(int heads = 0, bool truth = false, string task = "linear0", double keepAbove = 0.2)
    {
        var scores = new JsonObject();
        var units = new JsonArray();
        double s = -1;
        for (int layer = 0; layer < 2; layer++)
        {
            var paths = Enumerable.Range(0, heads).Select(h => $"layers.{layer}.attn.head[{h}]").Concat(Enumerable.Range(0, 4).Select(i => $"layers.{layer}.mlp[{i}]"));
            foreach (var path in paths)
            {
                scores[path] = s;
                if (s > keepAbove) units.Add(path);
                s += 0.25;
            }
        }
        var m = new JsonObject
        {
            ["host"] = "/zoos/tiny", ["task"] = task, ["extractor"] = "mask", ["size"] = 0.38,
            ["units"] = units, ["unitScores"] = scores,
            ["scores"] = new JsonObject { ["task"] = 0.774, ["distractors"] = new JsonObject { ["mlp1"] = 0.298, ["parity.v2"] = 0.005 } },
            ["reward"] = new JsonObject
            {
                ["total"] = 0.434, ["scoreT"] = 0.774, ["meanDistractorScore"] = 0.15, ["distractorTerm"] = 0.15, ["size"] = 0.38,
                ["sizeTerm"] = 0.19, ["overlap"] = 0, ["overlapTerm"] = 0, ["stdError"] = 0.006, ["repeats"] = new JsonArray(0.424, 0.434, 0.444),
            },
            ["controls"] = new JsonObject { ["noSubnet"] = 0.0, ["reinitialized"] = 0.002, ["randomUnits"] = 0.021 },
            ["config"] = new JsonObject { ["seed"] = 0 },
        };
        if (truth)
            m["truth"] = new JsonObject
            {
                ["precision"] = 1.0, ["recall"] = 0.75, ["f1"] = 0.857, ["auc"] = "NaN", ["units"] = 4, ["size"] = 0.5,
                ["paths"] = new JsonArray("layers.1.mlp[0]", "layers.1.mlp[1]", "layers.1.mlp[2]", "layers.1.mlp[3]"),
            };
        return m;
    }

    /// <summary>A bench of two tasks and three extractors, every reward judged with three fine-tunes.</summary>
    public static JsonObject Bench(bool zoo = true)
    {
        JsonObject Row(string name, double[] repeats)
        {
            var row = new JsonObject
            {
                ["name"] = name, ["reward"] = repeats.Average(), ["scoreT"] = 0.8, ["scoreDistractors"] = 0.1, ["size"] = 0.15, ["seconds"] = 1.5,
                ["rewardStdError"] = 0.01, ["rewardRepeats"] = new JsonArray([.. repeats.Select(v => (JsonNode)JsonValue.Create(v))]),
            };
            if (zoo) { row["precision"] = 0.9; row["recall"] = 0.8; row["f1"] = 0.85; row["auc"] = 0.97; }
            else { row["noSubnet"] = 0.6; row["reinitialized"] = 0.61; row["randomUnits"] = 0.62; }
            return row;
        }
        JsonObject Task(string name, double[] se, double[] mask, double[] attribution)
        {
            var t = new JsonObject { ["task"] = name, ["extractors"] = new JsonArray(Row("mask", mask), Row("attribution", attribution), Row("se", se)) };
            if (!zoo) t["wholeModelProbe"] = 0.745;
            return t;
        }
        return new JsonObject
        {
            ["tasks"] = new JsonArray(
                Task("linear0", se: [0.80, 0.82, 0.81], mask: [0.79, 0.80, 0.81], attribution: [0.70, 0.71, 0.72]),
                Task("mlp1", se: [0.60, 0.62, 0.61], mask: [0.63, 0.66, 0.66], attribution: [0.62, 0.64, 0.63])),
        };
    }

    /// <summary>`metrics.jsonl` of <paramref name="iterations"/> iterations alternating two tasks; reward = iteration / 100.</summary>
    public static string Metrics(int iterations, bool truth)
    {
        var lines = Enumerable.Range(1, iterations).Select(i =>
        {
            var row = new JsonObject
            {
                ["iteration"] = i, ["task"] = i % 2 == 0 ? "mlp1" : "linear0", ["charts/reward"] = i / 100.0, ["reward/score_t"] = 0.8,
                ["reward/score_distractors"] = 0.1, ["charts/size"] = 0.2, ["charts/size_penalty"] = 0.5, ["charts/entropy"] = 0.4,
            };
            if (truth) { row["truth/auc"] = 0.9; row["truth/f1"] = 0.8; }
            return row.ToJsonString();
        });
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Decodes a PNG, failing the test if it is not one.</summary>
    public static SKBitmap Decode(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("the PNG does not decode");
    }
}
