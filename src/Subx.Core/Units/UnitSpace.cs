namespace Subx.Units;

/// <summary>One unit of a host with the number of host parameters that belong to it.</summary>
public readonly record struct UnitInfo(UnitId Id, long ParameterCount);

/// <summary>
/// Every unit of a host, in a fixed order (layer by layer, then by index). A subnet is a mask over
/// this order; its size is the fraction of <see cref="TotalParameters"/> it keeps.
/// </summary>
public sealed class UnitSpace
{
    private readonly UnitInfo[] _units;
    private readonly Dictionary<UnitId, int> _index;

    /// <summary>The units in the order given, which is the order every subnet mask and score array follows.</summary>
    public UnitSpace(IEnumerable<UnitInfo> units)
    {
        _units = units.ToArray();
        _index = new Dictionary<UnitId, int>(_units.Length);
        for (int i = 0; i < _units.Length; i++)
        {
            if (_units[i].ParameterCount <= 0)
                throw new ArgumentException($"unit {_units[i].Id} has {_units[i].ParameterCount} parameters; expected > 0");
            if (!_index.TryAdd(_units[i].Id, i))
                throw new ArgumentException($"unit {_units[i].Id} appears twice in the unit space");
        }
        TotalParameters = _units.Sum(u => u.ParameterCount);
    }

    /// <summary>Number of units.</summary>
    public int Count => _units.Length;

    /// <summary>The units in order.</summary>
    public IReadOnlyList<UnitInfo> Units => _units;

    /// <summary>Sum of every unit's parameter count.</summary>
    public long TotalParameters { get; }

    /// <summary>The unit at a position.</summary>
    public UnitInfo this[int i] => _units[i];

    /// <summary>The position of a unit, or -1 if the host has no such unit.</summary>
    public int IndexOf(UnitId id) => _index.TryGetValue(id, out int i) ? i : -1;

    /// <summary>The positions of the units of one layer and kind, in index order.</summary>
    public int[] PositionsOf(int layer, UnitKind kind) =>
        Enumerable.Range(0, _units.Length).Where(i => _units[i].Id.Layer == layer && _units[i].Id.Kind == kind).ToArray();
}
