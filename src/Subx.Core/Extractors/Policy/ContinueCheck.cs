using Subx.Rewards;
using Subx.Scoring;
using Subx.Units;

namespace Subx.Extractors.Policy;

/// <summary>
/// Continued training's guard: the subnet it ends with against the zero-shot subnet it started from,
/// both scored on the same validation fine-tunes (paired), on seeds that neither RL nor the judge
/// draws. RL at a size budget samples around that size, and below the size a task needs its samples
/// can all fail T, so that the reward no longer points back to the task (parity2 at 0.10 of the zoo:
/// 0.517 zero-shot, 0.271 after a hundred iterations; docs/BENCHMARKS.md, "The SE away from the
/// truth's size"). The zero-shot subnet is kept only when the continued one is behind it at the 1%
/// level of a one-sided paired t-test (<see cref="Spread.StudentT99"/>): a clear loss, not a tie
/// decided by a few noisy fine-tunes (the main job's 4 on MiniLM put the continued subnet 0.012 ± 0.006
/// behind, where the judge's 63 put it ahead, 0.281 against 0.275).
/// </summary>
/// <param name="StartReward">The zero-shot subnet's mean validation reward.</param>
/// <param name="EndReward">The continued subnet's mean validation reward.</param>
/// <param name="Difference">End less start, paired fine-tune by fine-tune.</param>
/// <param name="StandardError">The paired difference's standard error.</param>
/// <param name="FineTunes">Paired fine-tunes behind each mean, per task; 0 when the two subnets are the same and nothing was scored.</param>
/// <param name="KeptStart">Whether the zero-shot subnet is handed over instead of the continued one.</param>
public sealed record ContinueCheck(double StartReward, double EndReward, double Difference, double StandardError, int FineTunes, bool KeptStart)
{
    /// <summary>Continued training ended where it started: nothing to compare, nothing scored.</summary>
    public static ContinueCheck Unchanged { get; } = new(0, 0, 0, 0, 0, KeptStart: false);

    /// <summary>Whether the two subnets were the same (then nothing was scored).</summary>
    public bool SameSubnet => FineTunes == 0;

    /// <summary>Which subnet was handed over: <see cref="Continued"/>, <see cref="ZeroShot"/>, or <see cref="Same"/> when they were one.</summary>
    public string Kept => SameSubnet ? Same : KeptStart ? ZeroShot : Continued;

    /// <summary><see cref="Kept"/>'s values, as subnet.json and the bench's JSON write them.</summary>
    public const string Continued = "continued", ZeroShot = "zero-shot", Same = "same subnet";

    /// <summary>Refuses fewer than one validation job seed.</summary>
    public static void ValidateSeeds(int seeds)
    {
        if (seeds < 1) throw SubxException.Bad("se", "continue check seeds", "at least 1", seeds.ToString());
    }

    /// <summary>Compares <paramref name="end"/> with <paramref name="start"/> on <paramref name="seeds"/> validation job seeds, reporting its fine-tunes' progress.</summary>
    public static ContinueCheck Compare(ExtractionRequest request, Subnet start, Subnet end, int seeds, IProgress<double>? progress = null)
    {
        ValidateSeeds(seeds);
        if (start.Mask.SequenceEqual(end.Mask))
        {
            progress?.Report(1);
            return Unchanged;
        }
        var both = Rewards(request, [start, end], seeds, progress);
        int fineTunes = both[0].Length;
        var (difference, stdError) = Spread.PairedDifference(both[1], both[0]);
        // Fewer than two paired fine-tunes say nothing of the noise: then continued training stands.
        bool clearlyWorse = fineTunes >= 2 && difference + Spread.StudentT99(fineTunes - 1) * stdError < 0;
        return new ContinueCheck(both[0].Average(), both[1].Average(), difference, stdError, fineTunes, KeptStart: clearlyWorse);
    }

    /// <summary>Per candidate, its reward on each validation fine-tune (the same fine-tunes for every candidate).</summary>
    private static double[][] Rewards(ExtractionRequest request, IReadOnlyList<Subnet> candidates, int seeds, IProgress<double>? progress)
    {
        // Judged as the judge judges (T, then each distractor) on each validation seed, candidate by candidate.
        var validations = Enumerable.Range(0, seeds).Select(j => request with { Seed = Seeds.Mix(Seeds.Mix(request.Seed, ValidationStream), j) }).ToArray();
        var judged = Runs.Bench.Judge(request.Scorer, [.. candidates.SelectMany(c => validations.Select(v => (v, c)))], [Control.Subnet], progress);
        return [.. judged.Chunk(seeds).Select(perCandidate => perCandidate.SelectMany(j => j.RewardRepeats).ToArray())];
    }

    /// <summary>Mixed into the request's seed for the validation's job seeds: a stream apart from training's (−1) and the judge's.</summary>
    private const int ValidationStream = -2;
}
