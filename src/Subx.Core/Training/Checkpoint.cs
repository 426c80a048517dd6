using System.Text.Json;
using System.Text.Json.Nodes;
using Subx.Extractors.Policy;
using Subx.Hosts;
using Subx.Observation;
using Subx.Units;
using static TorchSharp.torch;

namespace Subx.Training;

/// <summary>
/// A training checkpoint: one safetensors file holding the policy's parameters (`policy.NAME`), the
/// optimiser's state (`adam.*`), and, in its metadata, the iteration, the archive and every config
/// needed to rebuild the policy and continue exactly. One file, written atomically, so a run killed
/// at any moment resumes from the last complete checkpoint.
/// </summary>
public static class Checkpoint
{
    /// <summary>File name inside a run folder.</summary>
    public const string FileName = "checkpoint.safetensors";
    private const string MetadataKey = "subx";
    private const string Format = "subx-se-checkpoint";

    /// <summary>What a checkpoint's metadata says besides the tensors.</summary>
    public sealed record Info(int Iteration, TrainConfig Train, PolicyConfig Policy, ObservationConfig Observation, int Features, string HostDescription);

    /// <summary>Writes the checkpoint atomically.</summary>
    public static void Save(string runDir, PerceiverPolicy policy, Adam optimizer, TrainState state, TrainConfig train, ObservationConfig observation, IHost host)
    {
        using var scope = NewDisposeScope(); // the optimiser's step count is a tensor made for this write
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, p) in policy.Parameters) tensors[$"policy.{name}"] = p;
        foreach (var (name, t) in optimizer.State()) tensors[name] = t;
        var meta = new JsonObject
        {
            ["format"] = Format,
            ["iteration"] = state.Iteration,
            ["features"] = policy.FeatureCount,
            ["host"] = host.Description,
            ["train"] = JsonSerializer.SerializeToNode(train),
            ["policy"] = JsonSerializer.SerializeToNode(policy.Config),
            ["observation"] = JsonSerializer.SerializeToNode(observation),
            ["archive"] = new JsonObject(state.Archive.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
                KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject { ["reward"] = kv.Value.Reward, ["units"] = kv.Value.Subnet.ToJsonUnits() }))),
        };
        Safetensors.Write(Path.Combine(runDir, FileName), tensors, new Dictionary<string, string> { [MetadataKey] = meta.ToJsonString() });
    }

    /// <summary>Reads a checkpoint's description: every tensor's entry is checked against the file, no tensor is built.</summary>
    public static Info ReadInfo(string runDir)
    {
        string path = ExistingFile(runDir);
        return Describe(path, Safetensors.ReadMetadata(path)).Info;
    }

    /// <summary>Loads the policy alone (for extraction).</summary>
    public static (PerceiverPolicy Policy, Info Info) LoadPolicy(string runDir)
    {
        using var scope = NewDisposeScope(); // frees the tensors read once they are copied (the policy's own are detached)
        var (info, tensors, _) = Read(runDir);
        var policy = new PerceiverPolicy(info.Features, info.Policy);
        LoadParameters(policy, tensors, Path.Combine(runDir, FileName));
        return (policy, info);
    }

    /// <summary>Restores policy, optimiser and state from a run folder into the given objects.</summary>
    public static Info Restore(string runDir, PerceiverPolicy policy, Adam optimizer, TrainState state, UnitSpace space)
    {
        string path = Path.Combine(runDir, FileName);
        using var scope = NewDisposeScope(); // frees the tensors read once they are copied
        var (info, tensors, meta) = Read(runDir);
        LoadParameters(policy, tensors, path);
        optimizer.Load(tensors, path);
        state.Iteration = info.Iteration;
        state.Archive.Clear();
        if (meta["archive"] is JsonObject archive)
            foreach (var (task, node) in archive)
                state.Archive[task] = new ArchiveEntry(Subnet.FromJsonUnits(space, node?["units"], $"{path} archive '{task}'"), node!["reward"]!.GetValue<double>());
        return info;
    }

    private static void LoadParameters(PerceiverPolicy policy, IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        using var _ = no_grad();
        foreach (var (name, p) in policy.Parameters)
            p.copy_(Safetensors.Expect(tensors, $"policy.{name}", p.shape, path));
    }

    private static (Info Info, Dictionary<string, Tensor> Tensors, JsonNode Meta) Read(string runDir)
    {
        string path = ExistingFile(runDir);
        var (tensors, metadata) = Safetensors.ReadWithMetadata(path);
        var (info, meta) = Describe(path, metadata);
        return (info, tensors, meta);
    }

    private static string ExistingFile(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        if (!File.Exists(path))
            throw new SubxException($"{path}: file not found (expected a trained SE run folder with {FileName}; run `subx train` first).");
        return path;
    }

    private static (Info Info, JsonNode Meta) Describe(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKey, out var json))
            throw SubxException.Bad(path, $"metadata '{MetadataKey}'", "the checkpoint's description", "nothing (not a Subx checkpoint?)");
        var meta = JsonNode.Parse(json)!;
        string? format = meta["format"]?.GetValue<string>();
        if (format != Format) throw SubxException.Bad(path, "format", $"'{Format}'", format ?? "nothing");
        var info = new Info(
            meta["iteration"]!.GetValue<int>(),
            meta["train"]!.Deserialize<TrainConfig>()!,
            meta["policy"]!.Deserialize<PolicyConfig>()!,
            meta["observation"]!.Deserialize<ObservationConfig>()!,
            meta["features"]!.GetValue<int>(),
            meta["host"]?.GetValue<string>() ?? "");
        return (info, meta);
    }
}
