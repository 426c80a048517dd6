using Subx.Hosts;
using static TorchSharp.torch;

namespace Subx.Tests.Hosts;

public class SafetensorsTests
{
    [Fact]
    public void WriteThenReadGivesTheSameTensors()
    {
        using var dir = new TempDir();
        var a = Held.Arange(12, ScalarType.Float32).reshape(3, 4).DividedBy(7);
        var b = tensor(new float[] { -1.5f, 2.25f });
        Safetensors.Write(dir.File("w.safetensors"), new Dictionary<string, Tensor> { ["a"] = a, ["b.bias"] = b });
        var back = Safetensors.Read(dir.File("w.safetensors"));
        Assert.Equal(new long[] { 3, 4 }, back["a"].shape);
        Assert.Equal(a.data<float>().ToArray(), back["a"].data<float>().ToArray());
        Assert.Equal(b.data<float>().ToArray(), back["b.bias"].data<float>().ToArray());
        // The data starts 8-byte aligned, as the reference implementation writes it.
        var bytes = File.ReadAllBytes(dir.File("w.safetensors"));
        Assert.Equal(0, (8 + (long)BitConverter.ToUInt64(bytes, 0)) % 8);
    }

    [Fact]
    public void EmptyTensorsRoundTrip()
    {
        // A subnet that keeps no unit of a layer transplants to zero-row weights.
        using var dir = new TempDir();
        Safetensors.Write(dir.File("e.safetensors"), new Dictionary<string, Tensor> { ["w"] = zeros(0, 5), ["b"] = ones(2) });
        var back = Safetensors.Read(dir.File("e.safetensors"));
        Assert.Equal(new long[] { 0, 5 }, back["w"].shape);
        Assert.Equal(new float[] { 1, 1 }, back["b"].data<float>().ToArray());
    }

    [Fact]
    public void ZeroDimensionalTensorsRoundTrip()
    {
        using var dir = new TempDir();
        Safetensors.Write(dir.File("s.safetensors"), new Dictionary<string, Tensor> { ["x"] = tensor(3.5f), ["n"] = tensor(7L) });
        var back = Safetensors.Read(dir.File("s.safetensors"));
        Assert.Empty(back["x"].shape);
        Assert.Equal(3.5f, back["x"].item<float>());
        Assert.Empty(back["n"].shape);
        Assert.Equal(7L, back["n"].item<long>());
    }

    [Fact]
    public void IntegerTensorsAreWrittenAsI64AndReadAsInt64()
    {
        // A subnet's unit indices, which PyTorch's index_select takes only as integers; and the I32 a
        // checkpoint may hold, read by hand-built bytes as the reference writer lays them out.
        using var dir = new TempDir();
        Safetensors.Write(dir.File("i.safetensors"), new Dictionary<string, Tensor> { ["idx"] = tensor(new long[] { 3, 1536, -2 }), ["none"] = zeros(0, ScalarType.Int64) });
        var bytes = File.ReadAllBytes(dir.File("i.safetensors"));
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        Assert.Contains("\"idx\":{\"dtype\":\"I64\",\"shape\":[3]", header);
        var back = Safetensors.Read(dir.File("i.safetensors"));
        Assert.Equal(ScalarType.Int64, back["idx"].dtype);
        Assert.Equal(new long[] { 3, 1536, -2 }, back["idx"].data<long>().ToArray());
        Assert.Equal(new long[] { 0 }, back["none"].shape);

        string json = "{\"p\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        var file = new List<byte>(BitConverter.GetBytes((ulong)json.Length));
        file.AddRange(System.Text.Encoding.UTF8.GetBytes(json));
        file.AddRange(BitConverter.GetBytes(7)); file.AddRange(BitConverter.GetBytes(-1));
        File.WriteAllBytes(dir.File("p.safetensors"), [.. file]);
        Assert.Equal(new long[] { 7, -1 }, Safetensors.Read(dir.File("p.safetensors"))["p"].data<long>().ToArray());
    }

    [Fact]
    public void ATruncatedFileIsAClearError()
    {
        using var dir = new TempDir();
        string path = dir.File("w.safetensors");
        Safetensors.Write(path, new Dictionary<string, Tensor> { ["a"] = ones(100) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^40]);
        var e = Assert.Throws<SubxException>(() => Safetensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("tensor 'a'", e.Message);
        Assert.Contains("(truncated?)", e.Message);
        // Reading the metadata alone builds no tensor, but checks every entry against the file just the same.
        Assert.Equal(e.Message, Assert.Throws<SubxException>(() => Safetensors.ReadMetadata(path)).Message);

        File.WriteAllBytes(path, bytes[..4]);
        e = Assert.Throws<SubxException>(() => Safetensors.Read(path));
        Assert.Equal($"{path}: header length: expected 8 bytes, found a file of 4 bytes.", e.Message);
    }

    [Fact]
    public void AMissingFileIsAClearError()
    {
        var e = Assert.Throws<SubxException>(() => Safetensors.Read("/nonexistent/w.safetensors"));
        Assert.Equal("/nonexistent/w.safetensors: file not found (expected a .safetensors file).", e.Message);
    }
}
