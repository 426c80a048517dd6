using System.Text.Json.Nodes;
using Subx.Hosts;
using Subx.Runs;
using Subx.Tasks;
using Subx.Units;

namespace Subx.Scoring;

/// <summary>
/// What M itself does on one task with units ablated: a linear probe on M's whole representation,
/// fitted on intact M, read on M with units ablated.
/// </summary>
/// <param name="Task">The task's name.</param>
/// <param name="Intact">The probe on intact M (fitted and read on fewer rows than the whole-model probe, so not its score).</param>
/// <param name="WithoutSubnet">The probe on M with the subnet's units ablated.</param>
/// <param name="WithoutRandom">The probe on M with random units of the subnet's size ablated, one score per draw.</param>
/// <param name="OnlySubnet">The probe on M with every unit but the subnet's ablated: the subnet alone inside M.</param>
/// <param name="OnlyRandom">The probe on M with every unit but random units of the subnet's size ablated, one score per draw (the same draws).</param>
public sealed record KnockoutScore(string Task, double Intact, double WithoutSubnet, IReadOnlyList<double> WithoutRandom,
    double OnlySubnet, IReadOnlyList<double> OnlyRandom)
{
    /// <summary>The mean over the random draws, ablated.</summary>
    public double WithoutRandomMean => WithoutRandom.Average();

    /// <summary>The mean over the random draws, kept alone.</summary>
    public double OnlyRandomMean => OnlyRandom.Average();

    /// <summary>How much more the subnet's knock-out costs than random units' (mean): its necessity, beyond its size.</summary>
    public double Drop => WithoutRandomMean - WithoutSubnet;

    /// <summary>
    /// The readings as subnet.json and bench.json keep them, after the fields of <paramref name="head"/>:
    /// `intact`, `withoutSubnet`, `withoutRandom` (per draw), `onlySubnet`, `onlyRandom` (per draw).
    /// </summary>
    public JsonObject ToJson(JsonObject head)
    {
        head["intact"] = Intact;
        head["withoutSubnet"] = WithoutSubnet;
        head["withoutRandom"] = new JsonArray([.. WithoutRandom.Select(v => (JsonNode)JsonValue.Create(v))]);
        head["onlySubnet"] = OnlySubnet;
        head["onlyRandom"] = new JsonArray([.. OnlyRandom.Select(v => (JsonNode)JsonValue.Create(v))]);
        return head;
    }
}

/// <summary>
/// The knock-out check, the converse of the assister's score: the assister asks whether the subnet is
/// enough to learn T quickly; this asks whether M needs it, and whether it does T inside M on its own.
/// For T and for each distractor it reads M's own representation through a linear probe on M's whole
/// representation fitted on intact M (the whole-model probe's settings, on fewer rows: <see cref="Probe"/>):
/// with the subnet's units ablated, and with every unit but the subnet's ablated; and both again with random
/// units of the same size in the subnet's place. Ablated units write their mean output on the task's train
/// rows (<see cref="Ablation.Mean"/>, the default), their output on another train row (<see cref="Ablation.Resample"/>)
/// or zero. A subnet that does T's part of M takes T's score down
/// further than random units do when it is ablated, keeps more of it than random units do when it is
/// kept alone, and leaves the distractors' where random units leave them — as a planted task's units do on
/// the zoo (zoo.json).
/// </summary>
public static class Knockout
{
    /// <summary>Random draws of the same size that a knock-out is read against.</summary>
    public const int RandomDraws = 3;

    /// <summary>
    /// The knock-out's probe: the whole-model probe's settings on fewer rows (1000 to fit, 500 to read,
    /// every reading on the same rows, so that they pair). Each reading is a pass of M over the rows,
    /// and on MiniLM a task of long texts (spam_ham, sotu_party) passes about a hundred rows a second on
    /// two cores: with the whole-model probe's 2000 and 1000 rows the main job's knock-out took 3 min
    /// (docs/BENCHMARKS.md, "Knock-out in M").
    /// </summary>
    public static readonly ProbeConfig Probe = new() { MaxTrain = 1000, MaxValidation = 500 };

    /// <summary>
    /// The knock-out scores of <paramref name="subnet"/> on each task, in order; the random subnets are
    /// drawn from <paramref name="seed"/> (the same draws on every task) and sized as the subnet is.
    /// </summary>
    public static KnockoutScore[] Measure(IHost host, Subnet subnet, IReadOnlyList<TaskData> tasks, int seed,
        Ablation ablation = Ablation.Mean, int randomDraws = RandomDraws, ProbeConfig? config = null, IProgress<double>? progress = null)
    {
        config ??= Probe;
        if (subnet.Space.Count != host.Units.Count)
            throw new ArgumentException($"subnet has {subnet.Space.Count} units; the host has {host.Units.Count}");
        if (randomDraws < 1) throw new ArgumentOutOfRangeException(nameof(randomDraws), randomDraws, "at least one random draw");
        Subnet[] random = [.. Enumerable.Range(0, randomDraws).Select(k => subnet.KeptParameters > 0 ? Scorer.RandomOfSize(subnet.Space, subnet.Size, DrawSeed(seed, k)) : subnet)];
        // Read in this order: intact, the subnet and each draw ablated, then everything but them.
        Subnet?[] variants = [null, subnet, .. random, subnet.Complement(), .. random.Select(r => r.Complement())];
        var result = new KnockoutScore[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            var s = WholeModelProbe.Scores(host, tasks[i], variants, ablation, config, Inline.Part(progress, (double)i / tasks.Count, (i + 1.0) / tasks.Count));
            result[i] = new KnockoutScore(tasks[i].Name, s[0], s[1], s[2..(2 + randomDraws)], s[2 + randomDraws], s[(3 + randomDraws)..]);
        }
        return result;
    }

    /// <summary>The seed of random draw k: apart from the scorer's repeat seeds, which start at the seed itself.</summary>
    private static int DrawSeed(int seed, int k) => unchecked(seed * 7919 + 104_729 + k);
}
