namespace Subx.Extractors.Policy;

/// <summary>Shape of the perceiver SE policy.</summary>
public sealed record PolicyConfig
{
    /// <summary>Width of tokens and latents.</summary>
    public int Width { get; init; } = 32;
    /// <summary>Number of latents that read the host.</summary>
    public int Latents { get; init; } = 16;
    /// <summary>Attention heads (must divide <see cref="Width"/>).</summary>
    public int Heads { get; init; } = 4;
    /// <summary>Self-attention blocks among the latents.</summary>
    public int LatentBlocks { get; init; } = 1;
    /// <summary>Units read per chunk: memory is bounded by the chunk, not the host (the SE "processes small parts of M at a time").</summary>
    public int ChunkSize { get; init; } = 4096;
    /// <summary>Largest layer index the layer embedding covers.</summary>
    public int MaxLayers { get; init; } = 64;
    /// <summary>Keep probability of every unit before training (sets the output bias).</summary>
    public double InitialKeepProbability { get; init; } = 0.25;
    /// <summary>Seed of the initial weights.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>
    /// With a value other than 0, every unit's logit also gets a linear path straight from its token
    /// (beside the perceiver), whose weights start at 0 except this one on the token's gate-on-T
    /// column (<see cref="Observation.ObservationConfig.Gates"/>, needed then) and
    /// −<see cref="GatePrior"/>·<see cref="GatePriorDistractors"/> on its mean-gate-on-the-distractors
    /// column; the perceiver's output layer then starts at 0 (residual policy learning): the untrained
    /// policy ranks units exactly by the prior, and RL learns by reward what to change. 0: no such
    /// path, and the perceiver starts at its ordinary random initialisation. Both hosts' defaults use
    /// 1 (<see cref="Runs.HostDefaults"/>).
    /// </summary>
    public double GatePrior { get; init; } = 0;
    /// <summary>
    /// λ in the gate prior gate(T) − λ·mean gate(D), both on the gates' shared scale (that of the gates
    /// on T; <see cref="Observation.ObservationBuilder"/>), so the prior ranks as the raw log α's do: how much a unit's
    /// importance to the distractors counts against it from the start, as the reward's a·mean score(D)
    /// does. Read only with <see cref="GatePrior"/> other than 0.
    /// </summary>
    public double GatePriorDistractors { get; init; } = 0;

    /// <summary>Checks every field; throws a <see cref="SubxException"/> naming the first bad one.</summary>
    public void Validate(string where = "policy")
    {
        if (Width < 1 || Heads < 1 || Width % Heads != 0)
            throw SubxException.Bad(where, "width / heads", "a width divisible by the number of heads", $"{Width} / {Heads}");
        if (Latents < 1) throw SubxException.Bad(where, "latents", "at least 1", Latents.ToString());
        if (ChunkSize < 1) throw SubxException.Bad(where, "chunk size", "at least 1", ChunkSize.ToString());
        if (!(InitialKeepProbability is > 0 and < 1))
            throw SubxException.Bad(where, "initial keep probability", "a probability in (0, 1)", InitialKeepProbability.ToString("G4"));
    }
}
