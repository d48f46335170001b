using System.Text;
using CorrelationHub.Sip.Messages;
using CorrelationHub.SipIngest.Uas;
using CorrelationHub.TestSupport;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>
/// An answered transaction is kept 64·T1 to absorb retransmissions (RFC 3261 §17.2, RFC 6026) but lets go of its
/// parsed request: at 1,500 calls/s some 100,000 answered transactions are kept at any time.
/// </summary>
public sealed class ServerTransactionTests
{
    private static SipRequest Parse(string text) => (SipRequest)SipParser.Parse(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))).Message!;

    private static ServerTransaction Begin(ServerTransactionTable table, SipRequest request)
    {
        var transaction = new ServerTransaction(TransactionKey.For(request)!.Value, request, Peers.Udp(), Peers.Udp(), 0);
        Assert.True(table.TryBegin(transaction, out _));
        return transaction;
    }

    [Fact]
    public void The_request_is_held_while_proceeding_and_let_go_once_answered()
    {
        var table = new ServerTransactionTable(new FakeTimeProvider(), TimeSpan.FromSeconds(32));
        var transaction = Begin(table, Parse(Messages.Fixture("cucm-bib-nearend-delayed-offer.sip")));

        // A CANCEL can still win a transaction in Proceeding, and it needs the INVITE to answer 487.
        transaction.ReleaseRequest();
        Assert.NotNull(transaction.HeldRequest);
        Assert.Equal(SipMethods.Invite, transaction.Request.Method);

        transaction.State = ServerTransactionState.Accepted;
        transaction.ReleaseRequest();
        Assert.Null(transaction.HeldRequest);
        Assert.Throws<InvalidOperationException>(() => transaction.Request);
        Assert.True(transaction.IsInvite);
    }

    [Fact]
    public void Rfc3261_8_2_2_2_a_merged_request_is_found_after_the_first_let_go_of_its_request()
    {
        var table = new ServerTransactionTable(new FakeTimeProvider(), TimeSpan.FromSeconds(32));
        var invite = Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");
        var first = Begin(table, Parse(invite));
        first.State = ServerTransactionState.Accepted;
        first.ReleaseRequest();

        var forked = Parse(invite.WithBranch("z9hG4bKforked2"));
        Assert.True(table.IsMerged(forked, TransactionKey.For(forked)!.Value));
        Assert.False(table.IsMerged(Parse(invite), first.Key));
    }

    [Fact]
    public void An_expired_transaction_leaves_no_origin_behind()
    {
        var time = new FakeTimeProvider();
        var table = new ServerTransactionTable(time, TimeSpan.FromSeconds(32));
        var invite = Messages.Fixture("cucm-bib-nearend-delayed-offer.sip");
        var first = new ServerTransaction(TransactionKey.For(Parse(invite))!.Value, Parse(invite), Peers.Udp(), Peers.Udp(), time.GetTimestamp());
        Assert.True(table.TryBegin(first, out _));
        first.State = ServerTransactionState.Accepted;
        first.ReleaseRequest();

        time.Advance(TimeSpan.FromSeconds(33));
        var forked = Parse(invite.WithBranch("z9hG4bKforked2"));
        var second = new ServerTransaction(TransactionKey.For(forked)!.Value, forked, Peers.Udp(), Peers.Udp(), time.GetTimestamp());
        Assert.True(table.TryBegin(second, out _));
        Assert.Equal(1, table.Count);
        Assert.False(table.IsMerged(forked, second.Key));
        Assert.Null(table.Find(first.Key));
    }
}
