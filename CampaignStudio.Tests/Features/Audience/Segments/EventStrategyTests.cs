using CampaignStudio.Features.Audience.Segments;
using static CampaignStudio.Tests.Features.Audience.Segments.Rules;

namespace CampaignStudio.Tests.Features.Audience.Segments;

/// <summary>
/// An event condition alone is compiled set-based (GROUP BY … HAVING); next to a narrowing condition it is computed
/// per contact. Both must select exactly the same people, zero-event contacts included.
/// </summary>
public abstract class EventStrategyTests(SegmentWorld world)
{
    public sealed class OnSqlite(SegmentWorld.OnSqlite world) : EventStrategyTests(world), IClassFixture<SegmentWorld.OnSqlite>;

    public sealed class OnMySql(SegmentWorld.OnMySql world) : EventStrategyTests(world), IClassFixture<SegmentWorld.OnMySql>;

    public static TheoryData<string> Conditions() =>
    [
        """{"type":"event","event":"lifting","aggregate":"sum","property":"mt","window":{"inLast":{"amount":90,"unit":"days"}},"operator":"gt","value":100}""",
        """{"type":"event","event":"lifting","aggregate":"sum","property":"mt","window":{"inLast":{"amount":90,"unit":"days"}},"operator":"lt","value":100}""",
        """{"type":"event","event":"lifting","aggregate":"sum","property":"mt","operator":"between","from":0,"to":50}""",
        """{"type":"event","event":"lifting","aggregate":"count","window":{"inLast":{"amount":6,"unit":"months"}},"operator":"gte","value":2}""",
        """{"type":"event","event":"purchase","aggregate":"count","window":{"inLast":{"amount":60,"unit":"days"}},"operator":"eq","value":0}""",
        """{"type":"event","event":"purchase","aggregate":"count","operator":"neq","value":1}""",
        """{"type":"event","event":"purchase","aggregate":"sum","property":"amount","operator":"lte","value":500}""",
        """{"type":"event","event":"lifting","aggregate":"min","property":"mt","operator":"lt","value":50}""",
        """{"type":"event","event":"lifting","aggregate":"max","property":"mt","operator":"neq","value":60}""",
        """{"type":"event","event":"login","aggregate":"sum","operator":"gte","value":0}""",
    ];

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task GroupedAndPerContact_SelectTheSamePeople(string conditionJson)
    {
        var alone = Where(Json(conditionJson));
        var nextToAlwaysTrue = All(Field("createdAt", RuleOperator.IsSet), Json(conditionJson));

        Assert.Equal(await world.NamesAsync(alone), await world.NamesAsync(nextToAlwaysTrue));
    }
}
