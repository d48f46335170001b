using System.Text;
using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;
using CorrelationHub.Sip.Siprec;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

/// <summary>RFC 7865 metadata in every dialect of the matrix (T10, T17–T23, T41), normalised to one model.</summary>
public sealed class RecordingMetadataTests
{
    public static TheoryData<string, string, string, string, string> Dialects => new()
    {
        // message, labels in m-line order, expected agent number, expected far-end number, expected channels
        { "fixture:cube-siprec-forking-tls.sip", "1,2", "6111147", "+353851231234", "1,0" },
        { "corpus:acme-siprec-offer.sip", "16777227,16777228", "4001", "+353861234567", "1,0" },
        { "corpus:sonus-siprec-offer.sip", "1,2", "8500", "+14155550123", "1,0" },
        { "corpus:audiocodes-legacy-offer.sip", "1,2", "5001", "+18885550111", "1,0" },
        { "corpus:avaya-sbce-offer.sip", "10,20", "7001", "+31201234567", "1,0" },
        { "corpus:opensips-offer.sip", "0,1", "1001", "+15551230000", "1,0" },
        { "corpus:sems-offer.sip", "a_leg,b_leg", "Extension-016190619", "016190200", "1,0" },
        { "corpus:broadworks-offer.sip", "1", "2345", "+442071234567", "0" },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Every_dialect_yields_participants_streams_and_the_agent_on_the_left(string name, string labels, string agent, string farEnd, string channels)
    {
        var metadata = Metadata(name);
        Assert.True(metadata.Participants.Count >= 2);
        Assert.All(metadata.Participants, p => Assert.NotNull(p.Number));

        var assignment = SiprecRoles.Assign(metadata, labels.Split(','));
        Assert.Equal(agent, assignment.Agent(metadata)!.Number);
        Assert.Equal(farEnd, assignment.FarEnd(metadata)!.Number);
        Assert.Equal(channels, string.Join(',', assignment.Channels));
    }

    [Fact]
    public void Cube_metadata_reads_session_participants_streams_and_associations()
    {
        var metadata = Metadata("fixture:cube-siprec-forking-tls.sip");

        Assert.Equal(MetadataDataMode.Complete, metadata.DataMode);
        Assert.Equal("urn:ietf:params:xml:ns:recording:1", metadata.Namespace);
        var session = Assert.Single(metadata.Sessions);
        Assert.Equal("059a1ef36a92e7f3a278d8ba17711571;remote=2481ca0a8afe5c32b93734e42a127372", session.SipSessionId);
        Assert.Equal(DateTimeOffset.Parse("2026-06-18T16:09:03.069Z", System.Globalization.CultureInfo.InvariantCulture), session.StartTime);
        Assert.Equal(["1", "2"], metadata.Streams.Select(s => s.Label));
        var agent = metadata.Participants[1];
        Assert.Equal("sip:6111147@127.0.0.106", agent.Aor);
        Assert.Equal("Telecoms_Agent_1 (Bob Bobster)", agent.Name);
        Assert.Equal([metadata.Streams[1].Id], agent.Sends);
        Assert.Equal([metadata.Streams[0].Id], agent.Receives);
        Assert.NotNull(agent.AssociateTime);
    }

    [Fact]
    public void Vendor_ids_are_kept_for_correlation()
    {
        var acme = Metadata("corpus:acme-siprec-offer.sip");
        Assert.Contains(acme.VendorIds, v => v.Key == "ucid" && v.Value == "00FA080100A1B2C3D4E5F6;encoding=hex");
        Assert.True(acme.Participants[0].CallingParty);
        Assert.False(acme.Participants[1].CallingParty);
        Assert.Contains(acme.Participants[0].VendorIds, v => v.Key == "header[Call-ID]" && v.Value == "77231@127.0.0.23");

        var sonus = Metadata("corpus:sonus-siprec-offer.sip");
        Assert.Contains(sonus.VendorIds, v => v.Key == "gcid" && v.Value == "241205267");
        Assert.Contains(sonus.VendorIds, v => v.Key == "callid");

        var audiocodes = Metadata("corpus:audiocodes-legacy-offer.sip");
        Assert.Contains(audiocodes.Participants[1].VendorIds, v => v.Key == "GenesysUUID" && v.Value == "01J9ZKQW8V5X0000GENESYS127");
        Assert.Contains(audiocodes.VendorIds, v => v.Key == "AvayaUCID");

        var broadworks = Metadata("corpus:broadworks-offer.sip");
        Assert.Contains(broadworks.VendorIds, v => v.Key == "extTrackingID" && v.Value == "152463:1");
        Assert.Equal("mixed", Assert.Single(broadworks.Streams).Mode);
    }

    [Fact]
    public void The_loose_ccaas_form_still_gives_participants_and_the_extension()
    {
        var result = RecordingMetadataParser.Parse(RepoPaths.FixtureText("metadata/ccaas-article-loose.xml"));
        Assert.True(result.IsOk, result.Error);
        var metadata = result.Metadata!;
        Assert.Equal(["agent-01", "customer-01"], metadata.Participants.Select(p => p.Id));
        Assert.Equal("5555", metadata.Participants[0].Number);
        Assert.Equal("John Doe", metadata.Participants[0].Name);
        Assert.Equal("+15550199", metadata.Participants[1].Number);

        var assignment = SiprecRoles.Assign(metadata, ["1", "2"]);
        Assert.Equal("agent-01", assignment.AgentParticipantId);
        Assert.StartsWith("extension-element", assignment.Rule);
        Assert.Equal("+15550199", assignment.FarEnd(metadata)!.Number);
    }

    [Fact]
    public void Partial_updates_merge_into_a_timeline_and_complete_ones_replace()
    {
        var initial = Metadata("fixture:cube-siprec-forking-tls.sip");
        var update = Metadata("corpus:cube-siprec-callerid-update.sip");
        Assert.Equal(MetadataDataMode.Partial, update.DataMode);

        var merged = RecordingMetadata.Merge(initial, update);
        Assert.Equal(3, merged.Participants.Count);
        var left = merged.Participants.Single(p => p.Number == "+353851231234");
        Assert.NotNull(left.DisassociateTime);
        var joined = merged.Participants.Single(p => p.Number == "+353851239999");
        Assert.Equal([merged.Streams[0].Id], joined.Sends);

        // The agent keeps the left channel; the far end is now the participant that joined.
        var assignment = SiprecRoles.Assign(merged, ["1", "2"]);
        Assert.Equal("6111147", assignment.Agent(merged)!.Number);
        Assert.Equal("+353851239999", assignment.FarEnd(merged)!.Number);

        var final = RecordingMetadata.Merge(merged, Metadata("corpus:cube-siprec-bye-with-metadata.sip"));
        Assert.NotNull(final.Sessions[0].EndTime);
        Assert.All(final.Participants.Where(p => p.Number != "+353851231234"), p => Assert.NotNull(p.DisassociateTime));

        var replaced = RecordingMetadata.Merge(merged, initial);
        Assert.Equal(2, replaced.Participants.Count);
    }

    [Fact]
    public void Hold_partial_metadata_drops_the_held_stream_from_the_sender()
    {
        var merged = RecordingMetadata.Merge(Metadata("fixture:cube-siprec-forking-tls.sip"), Metadata("corpus:cube-siprec-hold-reinvite.sip"));
        var customer = merged.Participants.Single(p => p.Number == "+353851231234");
        Assert.Empty(customer.Sends);
        Assert.Single(customer.Receives);
    }

    public static TheoryData<string, string> HostileDocuments => new()
    {
        { "doctype", "<?xml version=\"1.0\"?><!DOCTYPE recording [<!ENTITY a \"aaaaaaaaaa\">]><recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>&a;</datamode></recording>" },
        { "billion laughs", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><recording>&lol3;</recording>" },
        { "external entity", "<?xml version=\"1.0\"?><!DOCTYPE recording SYSTEM \"file:///etc/passwd\"><recording/>" },
        { "undeclared entity", "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>&xxe;</datamode></recording>" },
        { "too deep", "<recording>" + string.Concat(Enumerable.Repeat("<a>", 20)) + string.Concat(Enumerable.Repeat("</a>", 20)) + "</recording>" },
        { "too large", "<recording><extensiondata>" + new string('x', 70_000) + "</extensiondata></recording>" },
        { "too many elements", "<recording>" + string.Concat(Enumerable.Repeat("<p/>", 5000)) + "</recording>" },
    };

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public void Hostile_xml_is_refused(string name, string xml)
    {
        var result = RecordingMetadataParser.Parse(xml);
        Assert.True(result.Status == MetadataParseStatus.Hostile, $"{name}: {result.Status} {result.Error}");
        Assert.Null(result.Metadata);
    }

    [Theory]
    [InlineData("<recording><participant></recording>")]
    [InlineData("<notrecording/>")]
    [InlineData("plain text")]
    public void Broken_but_harmless_metadata_is_invalid_not_hostile(string xml)
    {
        Assert.Equal(MetadataParseStatus.Invalid, RecordingMetadataParser.Parse(xml).Status);
    }

    [Theory]
    [InlineData(SiprecAgentRule.AnchorIsCustomer, "6111147", "1,0")]
    [InlineData(SiprecAgentRule.AnchorIsAgent, "+353851231234", "0,1")]
    [InlineData(SiprecAgentRule.ExtensionLength, "6111147", "1,0")]
    [InlineData(SiprecAgentRule.LowestLabel, "+353851231234", "0,1")]
    public void The_agent_rule_is_configurable(SiprecAgentRule rule, string agent, string channels)
    {
        var metadata = Metadata("fixture:cube-siprec-forking-tls.sip");
        var assignment = SiprecRoles.Assign(metadata, ["1", "2"], rule);
        Assert.Equal(agent, assignment.Agent(metadata)!.Number);
        Assert.Equal(channels, string.Join(',', assignment.Channels));
    }

    [Fact]
    public void Without_metadata_the_channels_follow_offer_order()
    {
        var assignment = SiprecRoles.Assign(null, ["1", "2"]);
        Assert.Equal([0, 1], assignment.Channels);
        Assert.Null(assignment.AgentParticipantId);
        Assert.Equal("offer-order", assignment.Rule);
    }

    [Fact]
    public void Extension_length_is_configurable()
    {
        var metadata = Metadata("fixture:cube-siprec-forking-tls.sip");
        var assignment = SiprecRoles.Assign(metadata, ["1", "2"], SiprecAgentRule.ExtensionLength, maxExtensionDigits: 5);
        Assert.Null(assignment.AgentParticipantId);
    }

    private static RecordingMetadata Metadata(string name)
    {
        var bytes = name.Contains(':', StringComparison.Ordinal) ? Corpus.Load(name) : Encoding.UTF8.GetBytes(name);
        var message = SipParser.Parse(bytes).Message!;
        var body = SipBodyReader.Read(message);
        Assert.NotNull(body.Metadata);
        var result = RecordingMetadataParser.Parse(body.Metadata!);
        Assert.True(result.IsOk, $"{name}: {result.Error}");
        return result.Metadata!;
    }
}
