/**
 * The head office's page (/hq, served by `npm run central`): its own small app beside the hall's
 * screens, with the same stack (Vue, Naive UI) and the same report tables and charts.
 */
import { createApp } from 'vue'
import HqApp from './HqApp.vue'
import '../src/styles.css'
import './hq.css'

createApp(HqApp).mount('#app')
