using GreenPT.AI.Impact;
using Microsoft.Extensions.AI;

namespace GreenPT.AI.Tests.Infrastructure;

/// <summary>Reaches the internal impact mapping for tests that need usage built from a given impact.</summary>
internal static class ImpactMappingProbe
{
    public static UsageDetails UsageFor(GreenPTImpact impact)
    {
        var usage = new UsageDetails();
        ImpactMapper.AddCounts(usage, impact);
        return usage;
    }
}
