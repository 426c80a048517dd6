namespace Subx.Observation;

/// <summary>What the subnet extractor reads about each unit.</summary>
public sealed record ObservationConfig
{
    /// <summary>Width of the random projections (sketches) of a unit's incoming and outgoing weights.</summary>
    public int SketchWidth { get; init; } = 8;
    /// <summary>Training rows per task read for activation statistics (a seeded sample when there are more).</summary>
    public int MaxRows { get; init; } = 2000;
    /// <summary>Seed of the sketches' projections and of the row samples. Fixed per trained policy: the SE learned to read these projections.</summary>
    public int Seed { get; init; } = 0;
}
