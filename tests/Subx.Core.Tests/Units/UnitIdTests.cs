using Subx.Units;

namespace Subx.Tests.Units;

public class UnitIdTests
{
    [Theory]
    [InlineData(0, UnitKind.Mlp, 0, "layers.0.mlp[0]")]
    [InlineData(3, UnitKind.Mlp, 127, "layers.3.mlp[127]")]
    [InlineData(2, UnitKind.AttentionHead, 5, "layers.2.attn.head[5]")]
    public void PrintsAsItsPathAndParsesBack(int layer, UnitKind kind, int index, string path)
    {
        var id = new UnitId(layer, kind, index);
        Assert.Equal(path, id.ToString());
        Assert.Equal(id, UnitId.Parse(path));
    }

    [Fact]
    public void RoundTripsOverManyIds()
    {
        var rng = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            var id = new UnitId(rng.Next(0, 100), rng.Next(2) == 0 ? UnitKind.Mlp : UnitKind.AttentionHead, rng.Next(0, 100_000));
            Assert.Equal(id, UnitId.Parse(id.ToString()));
        }
    }

    [Theory]
    [InlineData("layers.0.mlp")]
    [InlineData("layers.x.mlp[1]")]
    [InlineData("layers.0.attn[1]")]
    [InlineData(" layers.0.mlp[1]")]
    [InlineData("layers.-1.mlp[1]")]
    [InlineData("")]
    public void RejectsWhatIsNotAPath(string text)
    {
        Assert.False(UnitId.TryParse(text, out _));
        var e = Assert.Throws<SubxException>(() => UnitId.Parse(text));
        Assert.Equal($"unit path: expected `layers.L.mlp[I]` or `layers.L.attn.head[I]`, found '{text}'.", e.Message);
    }
}
