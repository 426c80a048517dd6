using System.Runtime.InteropServices;

namespace Subx.Hosts.Onnx;

/// <summary>One tensor of an ONNX file (an initializer or a Constant node's value): float32 or int64 data only.</summary>
public sealed record OnnxTensor(string Name, long[] Shape, float[]? Floats, long[]? Longs)
{
    /// <summary>The shape printed as `[384, 1536]`.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>One node of an ONNX graph: its operator and the names of the values it reads and writes.</summary>
public sealed record OnnxNode(string Name, string OpType, string[] Inputs, string[] Outputs, IReadOnlyDictionary<string, OnnxTensor> TensorAttributes);

/// <summary>
/// The parts of an ONNX model that importing a network needs: the graph's nodes in order, its
/// initializers (weights) and constants by name, and its input and output names. Reads the protobuf
/// encoding of ModelProto directly (field numbers from onnx/onnx.proto); weights stored outside the
/// file (external data) are refused.
/// </summary>
public sealed class OnnxModel
{
    // Field numbers of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
    private const int ModelGraph = 7, ModelOpset = 8;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeTensor = 5;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorInt64Data = 7, TensorName = 8, TensorRawData = 9, TensorDataLocation = 14;
    private const int ValueInfoName = 1;
    private const int Float32 = 1, Int64 = 7;

    private OnnxModel(string source) => Source = source;

    /// <summary>Where the model was read from (a path or a resource name), for error messages.</summary>
    public string Source { get; }

    /// <summary>The graph's nodes, in file order (ONNX requires topological order).</summary>
    public List<OnnxNode> Nodes { get; } = [];

    /// <summary>The graph's initializers by name.</summary>
    public Dictionary<string, OnnxTensor> Initializers { get; } = new(StringComparer.Ordinal);

    /// <summary>The values of Constant nodes, by the name of the node's output.</summary>
    public Dictionary<string, OnnxTensor> Constants { get; } = new(StringComparer.Ordinal);

    /// <summary>The graph's input names (excluding initializers).</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>The graph's output names.</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>The default-domain operator set version, or 0 if the file names none.</summary>
    public long OpsetVersion { get; private set; }

    /// <summary>Reads an ONNX file.</summary>
    /// <exception cref="SubxException">The file is missing, truncated, or not an ONNX model.</exception>
    public static OnnxModel Read(string path)
    {
        if (!File.Exists(path)) throw SubxException.Bad(path, "file", "an existing ONNX file", "no such file");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses the bytes of an ONNX file; <paramref name="source"/> names it in errors.</summary>
    public static OnnxModel Parse(byte[] bytes, string source)
    {
        var model = new OnnxModel(source);
        bool sawGraph = false;
        try
        {
            var reader = new ProtoReader(bytes);
            while (reader.Next(out int field, out int wire))
            {
                if (field == ModelGraph && wire == ProtoReader.LengthDelimited) { model.ReadGraph(reader.ReadBytes()); sawGraph = true; }
                else if (field == ModelOpset && wire == ProtoReader.LengthDelimited) model.ReadOpset(reader.ReadBytes());
                else reader.Skip(wire);
            }
        }
        catch (FormatException e)
        {
            throw SubxException.Bad(source, "ONNX protobuf", "a complete ONNX ModelProto", $"unreadable data: {e.Message}");
        }
        if (!sawGraph || model.Nodes.Count == 0)
            throw SubxException.Bad(source, "graph", "an ONNX model with a graph of nodes", sawGraph ? "an empty graph" : "no graph (not an ONNX model?)");
        return model;
    }

    private void ReadOpset(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        string domain = "";
        long version = 0;
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited) domain = r.ReadString();
            else if (field == 2 && wire == ProtoReader.Varint) version = r.ReadInt64();
            else r.Skip(wire);
        }
        if (domain.Length == 0 || domain == "ai.onnx") OpsetVersion = version;
    }

    private void ReadGraph(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        var inputs = new List<string>();
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case GraphNode when wire == ProtoReader.LengthDelimited:
                    var node = ReadNode(r.ReadBytes());
                    Nodes.Add(node);
                    if (node.OpType == "Constant" && node.Outputs.Length == 1 && node.TensorAttributes.TryGetValue("value", out var value))
                        Constants[node.Outputs[0]] = value with { Name = node.Outputs[0] };
                    break;
                case GraphInitializer when wire == ProtoReader.LengthDelimited:
                    var t = ReadTensor(r.ReadBytes())!; // not optional: never null
                    Initializers[t.Name] = t;
                    break;
                case GraphInput when wire == ProtoReader.LengthDelimited: inputs.Add(ReadValueName(r.ReadBytes())); break;
                case GraphOutput when wire == ProtoReader.LengthDelimited: Outputs.Add(ReadValueName(r.ReadBytes())); break;
                default: r.Skip(wire); break;
            }
        }
        // Older exporters list initializers among the inputs too.
        Inputs.AddRange(inputs.Where(i => !Initializers.ContainsKey(i)));
    }

    private static string ReadValueName(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        string name = "";
        while (r.Next(out int field, out int wire))
        {
            if (field == ValueInfoName && wire == ProtoReader.LengthDelimited) name = r.ReadString();
            else r.Skip(wire);
        }
        return name;
    }

    private OnnxNode ReadNode(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        var inputs = new List<string>(); var outputs = new List<string>();
        string name = "", op = "";
        var tensors = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case NodeInput when wire == ProtoReader.LengthDelimited: inputs.Add(r.ReadString()); break;
                case NodeOutput when wire == ProtoReader.LengthDelimited: outputs.Add(r.ReadString()); break;
                case NodeName when wire == ProtoReader.LengthDelimited: name = r.ReadString(); break;
                case NodeOpType when wire == ProtoReader.LengthDelimited: op = r.ReadString(); break;
                case NodeAttribute when wire == ProtoReader.LengthDelimited:
                    var (attrName, tensor) = ReadAttribute(r.ReadBytes());
                    if (tensor is not null) tensors[attrName] = tensor;
                    break;
                default: r.Skip(wire); break;
            }
        }
        return new OnnxNode(name, op, [.. inputs], [.. outputs], tensors);
    }

    private (string Name, OnnxTensor? Tensor) ReadAttribute(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        string name = "";
        OnnxTensor? tensor = null;
        while (r.Next(out int field, out int wire))
        {
            if (field == AttributeName && wire == ProtoReader.LengthDelimited) name = r.ReadString();
            else if (field == AttributeTensor && wire == ProtoReader.LengthDelimited) tensor = ReadTensor(r.ReadBytes(), optional: true);
            else r.Skip(wire);
        }
        return (name, tensor);
    }

    /// <summary>Reads a TensorProto. Float32 and int64 only; other types are kept without data unless required.</summary>
    private OnnxTensor? ReadTensor(ReadOnlySpan<byte> bytes, bool optional = false)
    {
        var r = new ProtoReader(bytes);
        var dims = new List<long>();
        int type = 0;
        string name = "";
        ReadOnlySpan<byte> raw = default;
        bool hasRaw = false, external = false;
        var floats = new List<float>(); var longs = new List<long>();
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case TensorDims: r.ReadInt64s(wire, dims); break;
                case TensorDataType when wire == ProtoReader.Varint: type = (int)r.ReadVarint(); break;
                case TensorName when wire == ProtoReader.LengthDelimited: name = r.ReadString(); break;
                case TensorRawData when wire == ProtoReader.LengthDelimited: raw = r.ReadBytes(); hasRaw = true; break;
                case TensorInt64Data: r.ReadInt64s(wire, longs); break;
                case TensorFloatData when wire == ProtoReader.LengthDelimited:
                    floats.AddRange(MemoryMarshal.Cast<byte, float>(r.ReadBytes()).ToArray()); // packed little-endian floats
                    break;
                case TensorFloatData when wire == ProtoReader.Fixed32: floats.Add(r.ReadFloat()); break;
                case TensorDataLocation when wire == ProtoReader.Varint: external = r.ReadVarint() == 1; break;
                default: r.Skip(wire); break;
            }
        }
        if (external) throw SubxException.Bad(Source, $"tensor '{name}'", "weights stored inside the ONNX file", "external data (a separate weights file)");
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (type == Float32)
        {
            float[] data = hasRaw ? MemoryMarshal.Cast<byte, float>(raw).ToArray() : [.. floats];
            if (data.Length != count) throw SubxException.Bad(Source, $"tensor '{name}'", $"{count} float32 values for shape [{string.Join(", ", dims)}]", $"{data.Length}");
            return new OnnxTensor(name, [.. dims], data, null);
        }
        if (type == Int64)
        {
            long[] data = hasRaw ? MemoryMarshal.Cast<byte, long>(raw).ToArray() : [.. longs];
            if (data.Length != count) throw SubxException.Bad(Source, $"tensor '{name}'", $"{count} int64 values for shape [{string.Join(", ", dims)}]", $"{data.Length}");
            return new OnnxTensor(name, [.. dims], null, data);
        }
        return optional ? null : new OnnxTensor(name, [.. dims], null, null);
    }
}
