namespace CorrelationHub.Web.Export;

/// <summary>The export's columns, contract ones first and in contract order (docs/contracts.md §5), then extensions.</summary>
public static class CallColumns
{
    public static readonly IReadOnlyList<string> Names =
    [
        "dialog_id", "agent_username", "agent_name", "extension", "call_type", "from_address", "to_address",
        "dialog_start_utc", "dialog_end_utc", "recording_id", "segment_index", "refci", "far_end_address",
        "recording_start_utc", "recording_end_utc", "recording_seconds", "audio_url", "match_status",
        "match_confidence", "match_reason",

        // Extensions (after the contract columns).
        "flags", "link_final", "link_rank", "team_name", "queue_name", "call_key", "call_variables", "codecs",
    ];
}
