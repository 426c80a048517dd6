using Subx.Assister;

namespace Subx.Scoring;

/// <summary>
/// The fine-tuning budget behind every score. Short on purpose: the score measures how fast a
/// subnet lets the assister learn the task, not whether anything could (DESIGN.md).
/// </summary>
public sealed record ScorerConfig
{
    /// <summary>Adam steps of fine-tuning per assister model.</summary>
    public int Steps { get; init; } = 10;
    /// <summary>Training examples per step.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Adam learning rate of the assister's own layers (adapter and head).</summary>
    public double LearningRate { get; init; } = 5e-3;
    /// <summary>Base seed; each job's seed derives from it and the job's own seed.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Fine-tunes per score, each with its own seed; the score is their mean (less noise, more work).</summary>
    public int Repeats { get; init; } = 3;
    /// <summary>Most assister models trained side by side in one batched pass (bounds memory).</summary>
    public int MaxBatch { get; init; } = 64;
    /// <summary>Validation examples scored per task at most (a seeded, stratified subset when there are more); 0 for all.</summary>
    public int MaxValidation { get; init; } = 1000;
    /// <summary>Train examples kept per task for fine-tuning at most (a seeded, stratified subset when there are more); 0 for all. Bounds the cache of encoder outputs.</summary>
    public int MaxTrain { get; init; } = 0;
    /// <summary>Validation rows predicted per forward pass (bounds memory for long texts, not results).</summary>
    public int ValidationChunk { get; init; } = 256;
    /// <summary>The assister model around the subnet.</summary>
    public AssisterConfig Assister { get; init; } = new();

    /// <summary>Checks every field; throws a <see cref="SubxException"/> naming the first bad one.</summary>
    public void Validate(string where = "scorer")
    {
        if (Steps < 1) throw SubxException.Bad(where, "steps", "at least 1", Steps.ToString());
        if (BatchSize < 1) throw SubxException.Bad(where, "batch size", "at least 1", BatchSize.ToString());
        if (!(LearningRate > 0)) throw SubxException.Bad(where, "learning rate", "a positive number", LearningRate.ToString("G4"));
        if (Repeats < 1) throw SubxException.Bad(where, "repeats", "at least 1", Repeats.ToString());
        if (MaxTrain < 0) throw SubxException.Bad(where, "max train", "0 (all) or more", MaxTrain.ToString());
        if (ValidationChunk < 1) throw SubxException.Bad(where, "validation chunk", "at least 1", ValidationChunk.ToString());
        if (MaxBatch < 1) throw SubxException.Bad(where, "max batch", "at least 1", MaxBatch.ToString());
        if (Assister.AdapterNoise < 0) throw SubxException.Bad(where, "adapter noise", "0 or more", Assister.AdapterNoise.ToString("G4"));
        if (Assister.HeadHidden < 0) throw SubxException.Bad(where, "head hidden", "0 or more", Assister.HeadHidden.ToString());
    }
}
