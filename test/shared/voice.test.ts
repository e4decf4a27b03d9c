import { describe, expect, it } from 'vitest'
import { callSentence, clipsNeeded, counterWords, parseTemplate, voiceClipName } from '../../src/shared/voice'

const TEMPLATE = '请 {number} 号 到 {counter} 号窗口办理'

describe('the call sentence', () => {
  it('fills the template for the screen and spells the number for a synthesiser', () => {
    expect(callSentence(TEMPLATE, 'A023', 3)).toEqual({ text: '请 A023 号 到 3 号窗口办理', spoken: '请 A 零 二 三 号 到 3 号窗口办理', clips: null })
    expect(callSentence('Number {number}, counter {counter}', 'B105', 2, new Set(), 'en-US').spoken).toBe('Number B 1 0 5, counter 2')
  })

  it('says a call in clips when the pack has every part, longest pieces first', () => {
    const pack = new Set(['请', '号', '到', '号窗口', '办理', 'A', '0', '2', '3', '1', '十', '5'])
    expect(callSentence(TEMPLATE, 'A023', 3, pack).clips).toEqual(['请', 'A', '0', '2', '3', '号', '到', '3', '号窗口', '办理'])
    expect(callSentence(TEMPLATE, 'A023', 15, pack).clips).toEqual(['请', 'A', '0', '2', '3', '号', '到', '十', '5', '号窗口', '办理'])
  })

  it('falls back to the synthesiser when a clip is missing', () => {
    expect(callSentence(TEMPLATE, 'B001', 1, new Set(['请', '号', '到', '号窗口办理', '0', '1'])).clips).toBeNull()
  })

  it('says counter numbers as numbers', () => {
    expect([3, 10, 12, 20, 35, 104].map(counterWords)).toEqual([['3'], ['十'], ['十', '2'], ['2', '十'], ['3', '十', '5'], ['1', '0', '4']])
  })

  it('lists what a pack needs for a hall, and what a clip file says', () => {
    expect(clipsNeeded(TEMPLATE, ['A', 'GV']).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'G', 'V', '到', '十', '号', '号窗口办理', '请'].sort())
    expect(parseTemplate('请{number}号到{counter}号窗口')).toEqual([
      { kind: 'text', text: '请' },
      { kind: 'number' },
      { kind: 'text', text: '号到' },
      { kind: 'counter' },
      { kind: 'text', text: '号窗口' },
    ])
    expect(['请.wav', 'A.MP3', 'chime.ogg', 'notes.txt', '../x.wav', '.wav', 'a/b.wav'].map(voiceClipName)).toEqual(['请', 'A', 'chime', null, null, null, null])
  })
})
