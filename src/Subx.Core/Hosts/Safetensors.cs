using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Subx.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header
/// of name → dtype, shape, byte range, then the raw little-endian data). Data only: nothing in it
/// can execute. Writes are atomic.
/// </summary>
public static class Safetensors
{
    /// <summary>
    /// Writes tensors (any shape) under their names, atomically: int64 tensors as I64 (indices, which
    /// PyTorch's index_select and gather take as they are), every other as F32.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // detach() and to() make temporaries: a scope per tensor holds them (not the finalizer) and frees each copy in turn.
            using var scope = NewDisposeScope();
            bool integer = t.dtype == ScalarType.Int64;
            var f = t.detach().to(integer ? ScalarType.Int64 : ScalarType.Float32).cpu().contiguous();
            // data<T>() throws on an empty tensor
            var bytes = integer ? Bytes(f.numel() == 0 ? [] : f.data<long>().ToArray()) : MemoryMarshalBytes(f.numel() == 0 ? [] : f.data<float>().ToArray());
            header[name] = new JsonObject
            {
                ["dtype"] = integer ? "I64" : "F32",
                ["shape"] = new JsonArray(f.shape.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int pad = (8 - json.Length % 8) % 8; // keep the data 8-byte aligned, as the reference writer does
        var headerBytes = new byte[json.Length + pad];
        json.CopyTo(headerBytes, 0);
        for (int i = json.Length; i < headerBytes.Length; i++) headerBytes[i] = (byte)' ';
        AtomicFile.Write(path, s =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)headerBytes.Length);
            s.Write(len);
            s.Write(headerBytes);
            foreach (var b in blobs) s.Write(b);
        });
    }

    /// <summary>
    /// The tensor of a name with the expected shape, from tensors read out of <paramref name="where"/>;
    /// a missing tensor or a wrong shape is an error that names it.
    /// </summary>
    public static Tensor Expect(IReadOnlyDictionary<string, Tensor> tensors, string name, long[] shape, string where)
    {
        if (!tensors.TryGetValue(name, out var t))
            throw SubxException.Bad(where, name, $"a tensor of shape [{string.Join(", ", shape)}]", "no such tensor");
        if (!t.shape.SequenceEqual(shape))
            throw SubxException.Bad(where, name, $"shape [{string.Join(", ", shape)}]", $"[{string.Join(", ", t.shape)}]");
        return t;
    }

    /// <summary>
    /// Reads every tensor on the CPU: F32, F16, BF16 and F64 as float32; I64 and I32 (indices, or a
    /// checkpoint's `position_ids` buffer) as int64.
    /// </summary>
    public static Dictionary<string, Tensor> Read(string path) => ReadWithMetadata(path).Tensors;

    /// <summary>Reads every tensor (as <see cref="Read"/>) and the `__metadata__` strings.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        var (all, header, dataStart) = ReadHeader(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, dtype, shape, begin, count, width) in Entries(path, header, all.Length, dataStart))
        {
            var span = all.AsSpan((int)(dataStart + begin), (int)(count * width));
            if (dtype is "I64" or "I32")
            {
                var integers = new long[count];
                for (long i = 0; i < count; i++)
                {
                    var b = span.Slice((int)(i * width), width);
                    integers[i] = dtype == "I64" ? BinaryPrimitives.ReadInt64LittleEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
                }
                result[name] = tensor(integers, shape); // made with its shape: no temporary to reshape
                continue;
            }
            var values = new float[count];
            for (long i = 0; i < count; i++)
            {
                var b = span.Slice((int)(i * width), width);
                values[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                    "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                    _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16), // BF16
                };
            }
            result[name] = tensor(values, shape);
        }
        return (result, MetadataOf(header));
    }

    /// <summary>
    /// The `__metadata__` strings, with every tensor's entry checked as <see cref="ReadWithMetadata"/> checks
    /// it (dtype, shape, offsets, the file's length), but no tensor built.
    /// </summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        var (all, header, dataStart) = ReadHeader(path);
        _ = Entries(path, header, all.Length, dataStart);
        return MetadataOf(header);
    }

    /// <summary>Every tensor's entry in the header, checked against the file: a bad one is an error that names it.</summary>
    private static List<(string Name, string Dtype, long[] Shape, long Begin, long Count, int Width)> Entries(
        string path, JsonObject header, long fileLength, long dataStart)
    {
        var entries = new List<(string, string, long[], long, long, int)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            string where = $"{path} tensor '{name}'";
            string dtype = node?["dtype"]?.GetValue<string>() ?? throw SubxException.Bad(where, "dtype", "a dtype", "nothing");
            long[] shape = node["shape"]?.AsArray().Select(v => v!.GetValue<long>()).ToArray()
                ?? throw SubxException.Bad(where, "shape", "an array", "nothing");
            var offs = node["data_offsets"]?.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            if (offs is not { Length: 2 }) throw SubxException.Bad(where, "data_offsets", "[begin, end]", node["data_offsets"]?.ToJsonString() ?? "nothing");
            int width = dtype switch { "F32" => 4, "F16" => 2, "BF16" => 2, "F64" => 8, "I64" => 8, "I32" => 4, _ => 0 };
            if (width == 0) throw SubxException.Bad(where, "dtype", "F32, F16, BF16, F64, I64 or I32", dtype);
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (offs[1] - offs[0] != count * width)
                throw SubxException.Bad(where, "data_offsets", $"{count * width} bytes for shape [{string.Join(", ", shape)}] of {dtype}", $"{offs[1] - offs[0]} bytes");
            if (dataStart + offs[1] > fileLength)
                throw SubxException.Bad(where, "data", $"bytes up to {dataStart + offs[1]}", $"a file of {fileLength} bytes (truncated?)");
            entries.Add((name, dtype, shape, offs[0], count, width));
        }
        return entries;
    }

    private static (byte[] All, JsonObject Header, long DataStart) ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new SubxException($"{path}: file not found (expected a .safetensors file).");
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < 8) throw SubxException.Bad(path, "header length", "8 bytes", $"a file of {all.Length} bytes");
        ulong headerLen = BinaryPrimitives.ReadUInt64LittleEndian(all);
        if (headerLen > (ulong)(all.Length - 8))
            throw SubxException.Bad(path, "header", $"{headerLen} bytes of JSON", $"{all.Length - 8} bytes left in the file (truncated?)");
        try { return (all, JsonNode.Parse(Encoding.UTF8.GetString(all, 8, (int)headerLen))!.AsObject(), 8 + (long)headerLen); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        { throw SubxException.Bad(path, "header", "a JSON object", $"invalid JSON ({e.Message})"); }
    }

    private static Dictionary<string, string> MetadataOf(JsonObject header)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header["__metadata__"] is JsonObject m)
            foreach (var (k, v) in m) metadata[k] = v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v?.ToJsonString() ?? "";
        return metadata;
    }

    private static byte[] Bytes(long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private static byte[] MemoryMarshalBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
