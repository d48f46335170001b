namespace CorrelationHub.Persistence.Records;

/// <summary>What a retention pass removed (and kept because of legal holds).</summary>
public sealed record RetentionResult(int Recordings, int AudioFiles, int Dialogs, int AgentEvents, int HeldRecordingsKept);
