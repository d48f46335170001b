using System.Text.Json;
using CorrelationHub.Correlation.Events;

namespace CorrelationHub.Correlation.Tests;

public sealed class AgentEventReaderTests
{
    private static (AgentEvent? Event, AgentEventError? Error) Read(string json) =>
        AgentEventReader.Read(JsonDocument.Parse(json).RootElement, () => "00000000-0000-0000-0000-000000000001");

    [Fact]
    public void Accepts_the_seed_login_exactly_as_written()
    {
        var (e, error) = Read("""{ "username" : "012345", "firstName": "Bob", "lastName" : "Bobster", "extension": "51001", "action" : "login" }""");
        Assert.Null(error);
        Assert.Equal("login", e!.Action);
        Assert.Equal("012345", e.Username);
        Assert.Equal("51001", e.Extension);
        Assert.Equal("Bob", e.FirstName);
        Assert.Equal("00000000-0000-0000-0000-000000000001", e.EventId);
    }

    [Theory]
    [InlineData("""{ "username": "1", "extension": "2" }""", "action")]
    [InlineData("""{ "action": "dance", "username": "1", "extension": "2" }""", "action")]
    [InlineData("""{ "action": "login", "extension": "2" }""", "username")]
    [InlineData("""{ "action": "login", "username": "1" }""", "extension")]
    [InlineData("""{ "action": "login", "username": {"x":1}, "extension": "2" }""", "username")]
    [InlineData("""{ "action": "login", "username": "1", "extension": "2", "eventId": "nope" }""", "eventId")]
    [InlineData("""{ "action": "login", "username": "1", "extension": "2", "clientTime": "yesterday" }""", "clientTime")]
    [InlineData("""{ "action": "state", "username": "1", "extension": "2", "state": "SLEEPING" }""", "state")]
    [InlineData("""{ "action": "dialog", "username": "1", "extension": "2", "change": "added" }""", "dialog")]
    [InlineData("""{ "action": "dialog", "username": "1", "extension": "2", "change": "moved", "dialog": {"id": "5"} }""", "change")]
    [InlineData("""{ "action": "dialog", "username": "1", "extension": "2", "change": "added", "dialog": {"state": "ACTIVE"} }""", "dialog.id")]
    [InlineData("""{ "action": "dialog", "username": "1", "extension": "2", "change": "added", "dialog": {"id": "5", "participants": [{"stateChangeTime": "soon"}]} }""", "dialog.participants[0].stateChangeTime")]
    public void Names_the_offending_field(string json, string field)
    {
        var (e, error) = Read(json);
        Assert.Null(e);
        Assert.Equal(field, error!.Field);
    }

    [Fact]
    public void Logout_needs_no_extension_and_a_single_participant_object_is_accepted()
    {
        Assert.Null(Read("""{ "action": "logout", "username": "1" }""").Error);
        var (e, error) = Read("""{ "action": "dialog", "username": "1", "extension": "61001", "change": "added", "dialog": {"id": 16798406, "participants": {"mediaAddress": "61001", "state": "ACTIVE"}} }""");
        Assert.Null(error);
        Assert.Equal("16798406", e!.Dialog!.Id);
        Assert.Single(e.Dialog.Participants);
    }
}
