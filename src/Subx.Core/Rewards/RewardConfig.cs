namespace Subx.Rewards;

/// <summary>
/// The weights of the reward R = score(T) − a·mean_i score(D_i) − b·size − c·overlap
/// (the proposal's formula plus its diversity term).
/// </summary>
public sealed record RewardConfig
{
    /// <summary>a: weight of the mean distractor score (scores are normalised: 0 chance, 1 perfect).</summary>
    public double DistractorWeight { get; init; } = 1.0;
    /// <summary>b: penalty per unit of size (size is the fraction of the host's unit parameters kept, in [0, 1]).</summary>
    public double SizePenalty { get; init; } = 0.5;
    /// <summary>c: penalty per unit of overlap (the share of the host's unit parameters kept by the subnet and by a subnet chosen for another task).</summary>
    public double OverlapPenalty { get; init; } = 0.0;

    /// <summary>Checks every field; throws a <see cref="SubxException"/> naming the first bad one.</summary>
    public void Validate(string where = "reward")
    {
        if (!(DistractorWeight >= 0)) throw SubxException.Bad(where, "distractor weight (a)", "0 or more", DistractorWeight.ToString("G4"));
        if (!(SizePenalty >= 0)) throw SubxException.Bad(where, "size penalty (b)", "0 or more", SizePenalty.ToString("G4"));
        if (!(OverlapPenalty >= 0)) throw SubxException.Bad(where, "overlap penalty (c)", "0 or more", OverlapPenalty.ToString("G4"));
    }
}
