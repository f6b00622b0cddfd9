using System.Text.Json.Serialization;

namespace CampaignStudio.Features.Audience.Segments;

/// <summary>A node of the rule tree: a <see cref="RuleGroup"/> or one condition. The JSON names its kind in <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RuleGroup), "group")]
[JsonDerivedType(typeof(FieldCondition), "field")]
[JsonDerivedType(typeof(CustomFieldCondition), "customField")]
[JsonDerivedType(typeof(TagCondition), "tag")]
[JsonDerivedType(typeof(ConsentCondition), "consent")]
[JsonDerivedType(typeof(ReachableCondition), "reachable")]
[JsonDerivedType(typeof(EventCondition), "event")]
[JsonDerivedType(typeof(EngagementCondition), "engagement")]
public abstract class RuleNode;
