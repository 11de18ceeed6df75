import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/features/auth/auth-store'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/features/shell/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/features/home/HomePage.vue') },
      { path: 'regions', name: 'regions', component: () => import('@/features/regions/RegionBrowserPage.vue') },
      { path: 'stations', name: 'stations', component: () => import('@/features/places/StationsPage.vue') },
      { path: 'grids', name: 'grids', component: () => import('@/features/places/GridsPage.vue') },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  const auth = useAuthStore()
  if (!to.meta.public && !auth.isLoggedIn) {
    return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
  if (to.path === '/login' && auth.isLoggedIn) return '/'
  return true
})
