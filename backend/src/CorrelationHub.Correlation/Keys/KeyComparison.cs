using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Keys;

/// <summary>How the exact keys of a segment and a dialog leg compare.</summary>
public enum KeyComparison
{
    /// <summary>No kind is known on both sides.</summary>
    Unknown,

    /// <summary>A key of some kind is equal on both sides.</summary>
    Equal,

    /// <summary>Both sides carry keys of a kind, and none of them are equal.</summary>
    Different,
}

public static class KeyComparer
{
    public static (KeyComparison Result, ExactKey? Matched) Compare(IReadOnlyList<ExactKey> segment, IReadOnlyList<ExactKey> leg)
    {
        if (segment.Count == 0 || leg.Count == 0)
        {
            return (KeyComparison.Unknown, null);
        }

        var sharedKind = false;
        foreach (var key in segment)
        {
            foreach (var other in leg)
            {
                if (key.Kind != other.Kind)
                {
                    continue;
                }

                if (key.Value == other.Value)
                {
                    return (KeyComparison.Equal, key);
                }

                sharedKind = true;
            }
        }

        return (sharedKind ? KeyComparison.Different : KeyComparison.Unknown, null);
    }
}
