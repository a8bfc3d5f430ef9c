-- Argo CD health check for metricgen's MetricGenerator and Backfill (one script serves both).
-- Install it under resource.customizations.health.metricgen.io_MetricGenerator and
-- resource.customizations.health.metricgen.io_Backfill in argocd-cm
-- (examples/argocd-cm-health.yaml). It reads the conditions the operator writes:
--   Stalled=True            -> Degraded     (an invalid spec, a failed backfill: the owner must act)
--   Expired=True            -> Healthy      (the resource did its job; what it made is gone)
--   Ready=True              -> Healthy      (data is flowing, or the history is written)
--   otherwise               -> Progressing  (starting, a backfill running, a change not yet seen)
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the metricgen operator"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see the latest spec"
  return hs
end
local function find(type)
  for _, c in ipairs(obj.status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end
local stalled = find("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message
  return hs
end
local expired = find("Expired")
if expired ~= nil and expired.status == "True" then
  hs.status = "Healthy"
  hs.message = expired.message
  return hs
end
local ready = find("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message
  return hs
end
hs.status = "Progressing"
if ready ~= nil then
  hs.message = ready.message
end
return hs
