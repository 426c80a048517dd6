using Subx.Assister;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Tests.Assister;

public class BertAssisterTests
{
    private static HostInputs Batch(BertHost host, int models)
    {
        var (ids, mask) = host.Tokenize(TestBerts.Sentences, 64);
        var x = new HostInputs(host.Embed(ids), mask);
        return HostInputs.Stack(Enumerable.Repeat(x, models).ToArray());
    }

    /// <summary>ACDC's invariant: keep every unit (adapter at exactly the identity) and the transplant is M.</summary>
    [Theory]
    [InlineData("minilm")]
    [InlineData("arcticxs")]
    public void Keeping_every_unit_reproduces_the_host(string name)
    {
        var host = TestBerts.Get(name);
        using var _ = NewDisposeScope();
        var all = Subnet.All(host.Units);
        using var am = new BertAssisterBatch(host, [new AssisterSpec(all, 2, 0)], new AssisterConfig { AdapterNoise = 0 });
        var x = Batch(host, 1);
        using (no_grad())
        {
            var transplanted = am.Pooled(x)[0];                                     // [n, d]
            var direct = host.Represent(new HostInputs(x.X[0], x.Mask![0]));
            double diff = (transplanted - direct).abs().max().item<float>();
            Assert.True(diff <= 1e-4, $"max |transplant − host| = {diff:g3}");
        }
    }

    /// <summary>The physical transplant (gathered heads and neurons) equals the host with the other units' outputs gated to zero.</summary>
    [Fact]
    public void A_partial_transplant_equals_the_host_with_the_other_units_gated_off()
    {
        var host = TestBerts.MiniLm;
        using var _ = NewDisposeScope();
        var rng = new Random(3);
        var keep = Enumerable.Range(0, host.Units.Count).Select(_ => rng.NextDouble() < 0.1).ToArray();
        var subnet = new Subnet(host.Units, keep);
        var full = Subnet.All(host.Units);
        // Two models of different sizes in one batch: the smaller one is padded and must not notice.
        using var am = new BertAssisterBatch(host, [new AssisterSpec(subnet, 2, 0), new AssisterSpec(full, 2, 1)], new AssisterConfig { AdapterNoise = 0 });
        var x = Batch(host, 2);
        using (no_grad())
        {
            var gates = tensor(keep.Select(k => k ? 1f : 0f).ToArray()).unsqueeze(0);
            var direct = host.Represent(new HostInputs(x.X[0], x.Mask![0]), gates);
            double diff = (am.Pooled(x)[0] - direct).abs().max().item<float>();
            Assert.True(diff <= 1e-4, $"max |transplant − gated host| = {diff:g3}");
        }
    }

    [Fact]
    public void Scores_are_the_same_alone_or_in_a_batch_and_controls_differ()
    {
        var host = TestBerts.MiniLm;
        var task = TinyTextTask();
        var scorer = new Scorer(host, new ScorerConfig { Steps = 3, BatchSize = 8, Repeats = 1, MaxValidation = 40 });
        var rng = new Random(5);
        var subnet = new Subnet(host.Units, Enumerable.Range(0, host.Units.Count).Select(_ => rng.NextDouble() < 0.05).ToArray());
        // Two tasks of different text lengths in one call: they train in separate batches, and each job scores as it does alone.
        var other = TaskData.FromTexts("mixed_lengths", [.. TestBerts.Sentences, .. TestBerts.Sentences.Select(t => t.ToUpperInvariant())],
            [.. TestBerts.Sentences.Select(_ => "lower"), .. TestBerts.Sentences.Select(_ => "upper")], new SplitConfig(0.3, 0.1));
        var jobs = Scorer.ControlJobs(subnet, task, 7).Append(new ScoreJob(subnet, other, 7)).ToArray();
        var together = scorer.Score(jobs);
        var alone = jobs.Select(j => scorer.Score(j)).ToArray();
        for (int i = 0; i < jobs.Length; i++) Assert.Equal(alone[i], together[i], 5);
    }

    /// <summary>A small real text task: AFINN words and their sign.</summary>
    public static TaskData TinyTextTask()
    {
        var path = Path.Combine(RepoRoot(), "data", "afinn_sign.tsv");
        var full = TaskReader.Read(path, new SplitConfig());
        var rows = Enumerable.Range(0, full.Count).Where(i => i % 20 == 0).ToArray();
        var (texts, labels) = full.TakeTexts(rows);
        return TaskData.FromTexts("afinn_tiny", texts, labels.Select(l => full.Classes[l]).ToArray(), new SplitConfig());
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Subx.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Subx.slnx above " + AppContext.BaseDirectory);
    }
}
