using Subx.Extractors;
using Subx.Extractors.Baselines;
using Subx.Rewards;
using Subx.Scoring;

namespace Subx.Tests.Extractors;

public class MaskExtractorTests
{
    internal static double Auc(IReadOnlyList<bool> truth, double[] scores)
    {
        double wins = 0; long pairs = 0;
        for (int i = 0; i < truth.Count; i++)
            if (truth[i])
                for (int j = 0; j < truth.Count; j++)
                    if (!truth[j]) { pairs++; wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0; }
        return wins / pairs;
    }

    private static ExtractionRequest Request(int task, double? size = null, int seed = 0)
    {
        var zoo = TestZoos.Small;
        return new ExtractionRequest(zoo.Host, zoo.Tasks[task].Data, zoo.Tasks.Where((_, i) => i != task).Select(t => t.Data).ToList(),
            size, new RewardConfig(), new Scorer(zoo.Host, new ScorerConfig()), seed);
    }

    [Fact]
    public void FindsTheTruthOnEveryTask()
    {
        var zoo = TestZoos.Small;
        var mask = new MaskExtractor(new MaskConfig { Steps = 300 });
        for (int t = 0; t < zoo.Tasks.Count; t++)
        {
            var r = mask.Extract(Request(t));
            double auc = Auc(zoo.Tasks[t].Truth.Mask, r.UnitScores);
            Assert.True(auc >= 0.9, $"{zoo.Tasks[t].Name}: AUC {auc:F3}");
            Assert.True(r.Subnet.Size < 0.6, $"{zoo.Tasks[t].Name}: own threshold kept {r.Subnet.Size:P0}");
        }
    }

    [Fact]
    public void IsDeterministicAndRespectsASizeBudget()
    {
        var mask = new MaskExtractor(new MaskConfig { Steps = 50 });
        var a = mask.Extract(Request(0, size: 0.2, seed: 3));
        var b = mask.Extract(Request(0, size: 0.2, seed: 3));
        Assert.Equal(a.UnitScores, b.UnitScores);
        Assert.True(a.Subnet.Size <= 0.2);
        Assert.Equal(a.Subnet.Mask, b.Subnet.Mask);
    }
}
