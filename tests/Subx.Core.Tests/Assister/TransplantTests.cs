using Subx.Assister;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Tests.Assister;

public class TransplantTests
{
    private static Tensor Inputs(int rows, int dim) => randn(new long[] { rows, dim }, generator: new Generator(3));

    [Fact]
    public void KeepingEverythingBetweenIdentityLayersReproducesTheHost()
    {
        // ACDC's invariant: keep every unit, start the adapter at the identity exactly, and the
        // assister's hidden activations are the host's.
        var zoo = TestZoos.Small;
        var x = Inputs(50, zoo.Host.InputDim);
        using var am = new AssisterBatch(zoo.Host, [new AssisterSpec(Subnet.All(zoo.Host.Units), 2, Seed: 5)], new AssisterConfig { AdapterNoise = 0 });
        var ours = am.Hidden(x.unsqueeze(0));
        var host = zoo.Host.Hidden(x);
        for (int l = 0; l < host.Length; l++)
            Assert.Equal(0, (ours[l][0] - host[l]).abs().max().item<float>(), 6);
    }

    [Fact]
    public void ASubnetInTheAssisterIsTheHostWithTheRestAblated()
    {
        var zoo = TestZoos.Small;
        var x = Inputs(50, zoo.Host.InputDim);
        var subnet = zoo.Tasks[1].Truth;
        using var am = new AssisterBatch(zoo.Host, [new AssisterSpec(subnet, 2, Seed: 5)], new AssisterConfig { AdapterNoise = 0 });
        var ours = am.Hidden(x.unsqueeze(0))[^1][0];
        var ablated = zoo.Host.Hidden(x, subnet.Mask)[^1];
        Assert.Equal(0, (ours - ablated).abs().max().item<float>(), 6);
    }

    [Fact]
    public void TheStandaloneTransplantComputesTheKeptUnitsExactly()
    {
        var zoo = TestZoos.Small;
        var x = Inputs(50, zoo.Host.InputDim);
        var subnet = zoo.Tasks[0].Truth;
        var transplant = MlpTransplant.From(zoo.Host, subnet);
        var standalone = transplant.Forward(x);
        var ablated = zoo.Host.Hidden(x, subnet.Mask);
        for (int l = 0; l < standalone.Length; l++)
        {
            Assert.Equal(TestZoos.SmallConfig.Group, (int)standalone[l].shape[1]);
            var kept = ablated[l].index_select(1, tensor(transplant.Kept[l]));
            Assert.True((standalone[l] - kept).abs().max().item<float>() < 1e-5); // float rounding of a shorter sum
        }
        Assert.Equal(["layers.0.bias", "layers.0.units", "layers.0.weight", "layers.1.bias", "layers.1.units", "layers.1.weight"],
            transplant.ToTensors().Keys.Order(StringComparer.Ordinal));
    }
}
