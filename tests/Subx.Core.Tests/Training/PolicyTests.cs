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
}
