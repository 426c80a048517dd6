using Subx.Extractors.Policy;
using Subx.Observation;

namespace Subx.Tests.Training;

public class PolicyTests
{
    [Fact]
    public void ChunkedAndUnchunkedCrossAttentionAgree()
    {
        var zoo = TestZoos.Small;
        var builder = new ObservationBuilder(zoo.Host);
        var obs = builder.Build(zoo.Tasks[0].Data, [zoo.Tasks[1].Data]);
        var policy = new PerceiverPolicy(builder.FeatureCount, new PolicyConfig { Seed = 4 });
        var whole = policy.Logits(obs, chunk: 100_000).data<float>().ToArray();
        foreach (int chunk in new[] { 1, 7, 13, 55 })
        {
            var parts = policy.Logits(obs, chunk).data<float>().ToArray();
            Assert.Equal(whole.Length, parts.Length);
            for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], parts[i], 4);
        }
        // Into a buffer the caller owns: the same logits, in that buffer.
        var buffer = Held.Full(whole.Length, double.NaN);
        var into = policy.Logits(obs, 13, buffer);
        Assert.Same(buffer, into);
        var written = buffer.data<float>().ToArray();
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], written[i], 4);
        Assert.Throws<ArgumentException>(() => policy.Logits(obs, 13, TorchSharp.torch.zeros(whole.Length + 1)));
    }

    [Fact]
    public void TheSameSeedBuildsTheSamePolicyAndTheInitialKeepProbabilityHolds()
    {
        var zoo = TestZoos.Small;
        var builder = new ObservationBuilder(zoo.Host);
        var obs = builder.Build(zoo.Tasks[0].Data, [zoo.Tasks[1].Data]);
        var a = new PerceiverPolicy(builder.FeatureCount, new PolicyConfig { Seed = 1 }).Logits(obs).data<float>().ToArray();
        var b = new PerceiverPolicy(builder.FeatureCount, new PolicyConfig { Seed = 1 }).Logits(obs).data<float>().ToArray();
        Assert.Equal(a, b);
        double meanP = a.Average(l => 1 / (1 + Math.Exp(-l)));
        Assert.InRange(meanP, 0.1, 0.5); // the output bias sets p ≈ 0.25 before training
    }

    [Fact]
    public void AnObservationOfTheWrongWidthIsAClearError()
    {
        var zoo = TestZoos.Small;
        var builder = new ObservationBuilder(zoo.Host);
        var obs = builder.Build(zoo.Tasks[0].Data, []);
        var policy = new PerceiverPolicy(builder.FeatureCount + 1, new PolicyConfig());
        var e = Assert.Throws<SubxException>(() => policy.Logits(obs));
        Assert.Equal($"policy: observation features: expected {builder.FeatureCount + 1} per unit (what the policy was trained on), found {builder.FeatureCount}.", e.Message);
    }

    [Fact]
    public void AnUntrainedPolicyWithAGatePriorRanksByTheGatesOnTLessTheDistractorsAndIsTrainable()
    {
        var zoo = TestZoos.Small;
        var builder = new ObservationBuilder(zoo.Host, new ObservationConfig { Gates = new Subx.Extractors.Baselines.MaskConfig { Steps = 10, BatchSize = 32 } });
        var obs = builder.Build(zoo.Tasks[0].Data, [zoo.Tasks[1].Data]);
        var config = new PolicyConfig { Seed = 2, GatePrior = 1.5, GatePriorDistractors = 0.5, InitialKeepProbability = 0.1 };
        var policy = new PerceiverPolicy(builder.FeatureCount, config);
        var logits = policy.Logits(obs).data<float>().ToArray();
        int first = builder.FeatureCount - ObservationBuilder.GateColumns;
        var gateT = obs.Tokens.select(1, first).data<float>().ToArray();
        var gateD = obs.Tokens.select(1, first + 1).data<float>().ToArray();
        double bias = Math.Log(0.1 / 0.9);
        // The perceiver starts at 0: the logit is the bias plus the prior, exactly.
        for (int i = 0; i < logits.Length; i++) Assert.Equal(bias + 1.5 * gateT[i] - 1.5 * 0.5 * gateD[i], logits[i], 4);
        Assert.Contains(policy.Parameters, p => p.Name == "skip.weight");

        // And the perceiver learns: one step moves its output layer, after which it shapes the logits.
        var optimizer = new Subx.Training.Adam(policy, 0.01);
        optimizer.ZeroGrad();
        policy.Logits(obs)[0].backward();
        optimizer.Update();
        Assert.NotEqual(0f, policy.Parameters.Single(p => p.Name == "out.1.weight").Value.abs().sum().item<float>());
    }

    [Fact]
    public void AGatePriorWithoutGatesIsAClearError()
    {
        var zoo = TestZoos.Small;
        var config = new Subx.Training.SeRunConfig(new Subx.Training.TrainConfig { Iterations = 1, GroupSize = 2 },
            new PolicyConfig { GatePrior = 1 }, new ObservationConfig());
        var e = Assert.Throws<SubxException>(() => Subx.Training.SeRun.Train(new Subx.Scoring.Scorer(zoo.Host, new Subx.Scoring.ScorerConfig()), [], [], config, null, resume: false));
        Assert.Equal("train: policy gate prior: expected an observation with gates (observation.gates set), found no gates.", e.Message);
    }
}
