import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { PASSWORD_PATH, TOTP_PATH, useAuthStore } from '@/features/auth/auth-store'
import type { Action, Resource } from '@/features/auth/permissions'
import { permits } from '@/features/auth/route-permission'
import { regionsApi } from '@/shared/regions/regions-api'
import { regionFromQuery } from '@/shared/scope/route-region'
import { useScopeStore } from '@/shared/scope/scope-store'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** The permission the page needs (the server's, from sign-in); without it the user goes home. */
    permission?: readonly [Action, Resource]
    /** The menu entry to highlight when it is not the page's own path (a detail page). */
    menu?: string
    /** A list scoped by the top bar: `?region=` (from a dashboard figure) sets the scope first. */
    regionQuery?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
  // Outside the layout: while a change is required nothing else may load.
  { path: PASSWORD_PATH, name: 'password', component: () => import('@/features/auth/ChangePasswordPage.vue') },
  // Likewise while an administrator has to set up a second factor; anyone may come here to set one up.
  { path: TOTP_PATH, name: 'totp', component: () => import('@/features/auth/TotpEnrolPage.vue') },
  {
    path: '/',
    component: () => import('@/features/shell/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/features/home/HomePage.vue') },
      // 数据看板 (docs/stats.md): ?region=&from=&to= keep what it shows.
      { path: 'stats', name: 'stats', component: () => import('@/features/stats/StatsDashboardPage.vue'), meta: { permission: ['read', 'stats'] } },
      { path: 'regions', name: 'regions', component: () => import('@/features/regions/RegionBrowserPage.vue') },
      { path: 'stations', name: 'stations', component: () => import('@/features/places/StationsPage.vue'), meta: { regionQuery: true } },
      { path: 'grids', name: 'grids', component: () => import('@/features/places/GridsPage.vue'), meta: { regionQuery: true } },
      { path: 'persons', name: 'persons', component: () => import('@/features/persons/PersonsPage.vue'), meta: { permission: ['read', 'person'], regionQuery: true } },
      {
        path: 'persons/:id',
        name: 'person',
        component: () => import('@/features/persons/PersonDetailPage.vue'),
        meta: { permission: ['read', 'person'], menu: '/persons' },
      },
      { path: 'households', name: 'households', component: () => import('@/features/households/HouseholdsPage.vue'), meta: { permission: ['read', 'person'] } },
      {
        path: 'households/:id',
        name: 'household',
        component: () => import('@/features/households/HouseholdDetailPage.vue'),
        meta: { permission: ['read', 'person'], menu: '/households' },
      },
      { path: 'imports', name: 'imports', component: () => import('@/features/imports/ImportsPage.vue'), meta: { permission: ['write', 'person'] } },
      // 敲门行动 (docs/outreach.md)
      { path: 'outreach/campaigns', name: 'campaigns', component: () => import('@/features/outreach/CampaignsPage.vue'), meta: { permission: ['read', 'campaign'], regionQuery: true } },
      {
        path: 'outreach/campaigns/:id',
        name: 'campaign',
        component: () => import('@/features/outreach/CampaignPage.vue'),
        meta: { permission: ['read', 'campaign'], menu: '/outreach/campaigns' },
      },
      { path: 'outreach/mine', name: 'my-visits', component: () => import('@/features/outreach/MyVisitsPage.vue'), meta: { permission: ['write', 'visit'] } },
      {
        path: 'outreach/visit/:campaignId/:targetId',
        name: 'visit-form',
        component: () => import('@/features/outreach/VisitFormPage.vue'),
        meta: { permission: ['write', 'visit'], menu: '/outreach/mine' },
      },
      { path: 'outreach/visits', name: 'visits', component: () => import('@/features/outreach/VisitsPage.vue'), meta: { permission: ['read', 'visit'], regionQuery: true } },
      { path: 'outreach/needs', name: 'needs', component: () => import('@/features/outreach/NeedsPage.vue'), meta: { permission: ['read', 'visit'], regionQuery: true } },
      { path: 'outreach/pending', name: 'pending', component: () => import('@/features/outreach/PendingPage.vue'), meta: { permission: ['write', 'visit'] } },
      { path: 'audit', name: 'audit', component: () => import('@/features/audit/AuditPage.vue'), meta: { permission: ['read', 'audit'] } },
      { path: 'users', name: 'users', component: () => import('@/features/users/UsersPage.vue'), meta: { permission: ['read', 'user'] } },
      { path: 'roles', name: 'roles', component: () => import('@/features/roles/RolesPage.vue'), meta: { permission: ['read', 'user'] } },
      { path: 'sessions', name: 'sessions', component: () => import('@/features/sessions/SessionsPage.vue'), meta: { permission: ['read', 'session'] } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (!to.meta.public && !auth.isLoggedIn) {
    return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  if (to.path === '/login' && auth.isLoggedIn) return auth.mustChangePassword ? PASSWORD_PATH : auth.mustEnrolTotp ? TOTP_PATH : '/'
  if (auth.mustChangePassword && to.path !== PASSWORD_PATH && !to.meta.public) return PASSWORD_PATH
  if (auth.mustEnrolTotp && to.path !== TOTP_PATH && !to.meta.public) return TOTP_PATH
  if (!permits(to.meta, auth.can)) return '/'
  if (to.meta.regionQuery) {
    const named = regionFromQuery(to.query, auth.homeRegion)
    if (named) {
      if (named.region) {
        const { code } = named.region
        const name = named.region.name ?? (await regionsApi.get(code).then((r) => r.name, () => code))
        useScopeStore().set({ code, name })
      }
      // The redirect keeps the navigation a push (or a replace) as it was: the page it came from stays in the history.
      return { path: to.path, query: named.rest as typeof to.query, hash: to.hash }
    }
  }
  return true
})
