using Subx.Units;

namespace Subx.Hosts;

/// <summary>A trained model M that subnets are extracted from.</summary>
public interface IHost
{
    /// <summary>A short description of the architecture, e.g. `mlp 24→112→112 relu`.</summary>
    string Description { get; }

    /// <summary>Every unit of the host, in a fixed order.</summary>
    UnitSpace Units { get; }
}
