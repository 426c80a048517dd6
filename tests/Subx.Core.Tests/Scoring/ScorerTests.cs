using Subx.Scoring;
using Subx.Units;

namespace Subx.Tests.Scoring;

public class ScorerTests
{
    private static readonly ScorerConfig Budget = new() { Repeats = 2 };

    [Fact]
    public void TheSameSeedGivesTheSameScore()
    {
        var zoo = TestZoos.Small;
        var a = new Scorer(zoo.Host, Budget).Score(new ScoreJob(zoo.Tasks[0].Truth, zoo.Tasks[0].Data, Seed: 4));
        var b = new Scorer(zoo.Host, Budget).Score(new ScoreJob(zoo.Tasks[0].Truth, zoo.Tasks[0].Data, Seed: 4));
        Assert.Equal(a, b);
        var c = new Scorer(zoo.Host, Budget with { Seed = 1 }).Score(new ScoreJob(zoo.Tasks[0].Truth, zoo.Tasks[0].Data, Seed: 4));
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BatchedAndOneByOneScoringAgree()
    {
        var zoo = TestZoos.Small;
        var scorer = new Scorer(zoo.Host, Budget);
        var jobs = zoo.Tasks.SelectMany(t => Scorer.ControlJobs(zoo.Tasks[0].Truth, t.Data, seed: 2)).ToArray();
        var batched = scorer.Score(jobs);
        var single = jobs.Select(scorer.Score).ToArray();
        for (int i = 0; i < jobs.Length; i++)
            Assert.Equal(single[i], batched[i], 3);   // bmm over a different batch may round differently in the last bits
        var chunked = new Scorer(zoo.Host, Budget with { MaxBatch = 5 }).Score(jobs);
        for (int i = 0; i < jobs.Length; i++)
            Assert.Equal(batched[i], chunked[i], 3);
    }

    [Fact]
    public void EveryRepeatIsKeptAndTheScoreIsTheirMean()
    {
        var zoo = TestZoos.Small;
        var scorer = new Scorer(zoo.Host, Budget with { Repeats = 4 });
        var jobs = zoo.Tasks.Select(t => new ScoreJob(zoo.Tasks[0].Truth, t.Data, Seed: 3)).ToArray();
        var repeats = scorer.ScoreRepeats(jobs);
        var means = scorer.Score(jobs);
        Assert.Equal(jobs.Length, repeats.Length);
        for (int i = 0; i < jobs.Length; i++)
        {
            Assert.Equal(4, repeats[i].Length);
            Assert.Equal(means[i], repeats[i].Average(), 12);
        }
        Assert.True(repeats[0].Distinct().Count() > 1, $"four seeds gave one score: {string.Join(", ", repeats[0])}");
        // Repeat k draws the same seed whatever the subnet: a job's first repeat is the one-repeat score.
        var one = new Scorer(zoo.Host, Budget with { Repeats = 1 }).Score(jobs);
        for (int i = 0; i < jobs.Length; i++) Assert.Equal(one[i], repeats[i][0], 9);
    }

    [Fact]
    public void TheTrueUnitsBeatEveryControl()
    {
        var zoo = TestZoos.Small;
        var scorer = new Scorer(zoo.Host, new ScorerConfig());
        foreach (var task in zoo.Tasks)
        {
            var s = scorer.ScoreWithControls(task.Truth, task.Data);
            Assert.True(s.Score > 0.3, $"{task.Name}: {s}");
            Assert.Equal(0, s.NoSubnet, 6);          // the head sees nothing: chance
            Assert.True(s.Margin > 0.1, $"{task.Name}: {s}");
        }
    }

    [Fact]
    public void ATaskOfTheWrongWidthIsAClearError()
    {
        var zoo = TestZoos.Small;
        var narrow = Subx.Tasks.TaskData.FromFeatures("narrow", [[1f, 2f], [3f, 4f], [5f, 6f], [7f, 8f]], ["a", "b", "a", "b"], new Subx.Tasks.SplitConfig(0.25, 0.25));
        var e = Assert.Throws<SubxException>(() => new Scorer(zoo.Host, Budget).Score(new ScoreJob(Subnet.All(zoo.Host.Units), narrow)));
        Assert.Equal("task 'narrow': features: expected 12 numeric features per row (the host's inputs), found 2.", e.Message);
    }

    [Fact]
    public void BadBudgetsAreNamed()
    {
        var e = Assert.Throws<SubxException>(() => new Scorer(TestZoos.Small.Host, new ScorerConfig { Steps = 0 }));
        Assert.Equal("scorer: steps: expected at least 1, found 0.", e.Message);
    }
}
